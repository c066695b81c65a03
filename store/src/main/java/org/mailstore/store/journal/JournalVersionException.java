package org.mailstore.store.journal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A segment was written in a journal format this build cannot read. It is not corruption: skipping the file would silently
 * lose deliveries, so reading stops and the operator must run a newer mailstore.
 */
public final class JournalVersionException extends IOException {

    private final transient Path segment;
    private final int version;

    JournalVersionException(Path segment, int version) {
        super("journal segment " + segment + " has format version " + version + ", but this mailstore reads only versions "
                + SegmentHeader.OLDEST_READABLE_VERSION + ".." + SegmentHeader.CURRENT_VERSION
                + "; read it with the mailstore release that wrote it or a newer one");
        this.segment = segment;
        this.version = version;
    }

    public Path segment() {
        return segment;
    }

    public int version() {
        return version;
    }
}

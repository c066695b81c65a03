package org.mailstore.store.journal;

import java.util.Objects;

/**
 * Where a record starts: the segment's file name (not a path, so positions survive moving the journal directory, e.g.
 * into a backup) and the byte offset of the record's length field within it.
 */
public record JournalPosition(String segment, long offset) {
    public JournalPosition {
        Objects.requireNonNull(segment, "segment");
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
    }
}

package org.mailstore.imapd.search;

import java.io.IOException;
import java.io.InputStream;

/**
 * Opens a byte range of the message being searched; the session passes
 * {@code (offset, length) -> messages.open(blobHash, offset, length)}. Called only for BODY and TEXT keys.
 */
@FunctionalInterface
public interface BodyReader {
    InputStream open(long offset, long length) throws IOException;
}

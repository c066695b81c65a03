package org.mailstore.blobstore;

import java.io.IOException;
import java.nio.file.FileSystemException;

/**
 * Storing a blob failed (disk full, I/O error, the input broke off). The message says which step failed and
 * on which file; the cause carries the operating system's reason. When this is thrown nothing was stored
 * under the blob's final name by this call.
 */
public class BlobStoreException extends IOException {

    public BlobStoreException(String message) {
        super(message);
    }

    public BlobStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The operating system's reason for {@code e} ("No space left on device"), for messages that already
     * name the file; falls back to the exception's name where the JDK gives no reason (NoSuchFileException).
     */
    static String reason(Exception e) {
        if (e instanceof FileSystemException fse) {
            return fse.getReason() != null ? fse.getReason() : e.getClass().getSimpleName() + " " + fse.getFile();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

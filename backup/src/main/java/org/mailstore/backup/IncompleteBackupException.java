package org.mailstore.backup;

/** A backup without a (readable) manifest was asked to be restored or trusted. */
public final class IncompleteBackupException extends IllegalStateException {
    IncompleteBackupException(String message) {
        super(message);
    }
}

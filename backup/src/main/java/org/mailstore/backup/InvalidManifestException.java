package org.mailstore.backup;

/** A manifest that cannot be trusted: not JSON, not ours, damaged, or of a newer format. */
public final class InvalidManifestException extends IllegalStateException {
    InvalidManifestException(String message) {
        super(message);
    }
}

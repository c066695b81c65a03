package org.mailstore.backup;

/** A restore was pointed at a site that already holds data, without {@code --force}. */
public final class NonEmptyTargetException extends IllegalStateException {
    NonEmptyTargetException(String message) {
        super(message);
    }
}

package org.mailstore.server;

/** The terminal a password is typed on without echo ({@link java.io.Console} in the real process). */
@FunctionalInterface
public interface PasswordConsole {
    /** Prints {@code prompt} and reads one line without echo; null at end of input. */
    char[] readPassword(String prompt);
}

package org.mailstore.server;

/** The exit codes of DESIGN.md, fixed for scripts. */
public final class ExitCodes {
    public static final int OK = 0;
    /** A failure, or (for checking commands) findings. */
    public static final int FAILURE = 1;
    /** Bad usage: unknown option, missing argument, bad configuration. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}

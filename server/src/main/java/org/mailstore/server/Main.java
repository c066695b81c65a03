package org.mailstore.server;

/** Entry point of the {@code mailstore} command (the runnable jar's main class). */
public final class Main {
    /*
     * jOOQ prints an ASCII-art logo and a "tip of the day" (about 40 lines) to stderr when it first loads, which
     * buried every CLI command's own output. It reads these properties then, so they are set before any command
     * runs; the class initializer covers Main.run as well as main.
     */
    static {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private Main() {}

    public static void main(String[] args) {
        ProcessLifecycle lifecycle = new ProcessLifecycle();
        lifecycle.installJvmHook();
        System.exit(run(args, CliContext.ofProcess(lifecycle)));
    }

    /** Runs one command line; returns the exit code (0 success, 1 failure, 2 bad usage). */
    public static int run(String[] args, CliContext context) {
        return MailstoreCommand.commandLine(context).execute(args);
    }
}

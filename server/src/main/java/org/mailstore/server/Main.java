package org.mailstore.server;

/** Entry point of the {@code mailstore} command (the runnable jar's main class). */
public final class Main {
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

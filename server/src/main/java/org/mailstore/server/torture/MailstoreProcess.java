package org.mailstore.server.torture;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A {@code mailstore} command run as a child JVM on this JVM's class path, with exactly the settings given (every
 * inherited {@code MAILSTORE_*} variable removed), its output in a log file. {@code serve} is started and killed;
 * other commands run to their exit.
 */
final class MailstoreProcess {
    static final String READY = "mailstore ready: ";
    static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(30);
    private static final String MAIN_CLASS = "org.mailstore.server.Main";
    private static final long POLL_MILLIS = 100;

    private final Process process;
    private final Path log;

    private MailstoreProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code serve}; returns once it logged its ready line. */
    static MailstoreProcess serve(Path workDir, Map<String, String> settings, Path log) throws IOException, InterruptedException {
        MailstoreProcess p = new MailstoreProcess(builder(workDir, settings, log, List.of("serve")).start(), log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!p.output().contains(READY)) {
            if (!p.process.isAlive()) throw new IOException("serve exited with " + p.process.exitValue() + "; see " + log);
            if (System.nanoTime() > deadline) throw new IOException("serve not ready within " + START_TIMEOUT.toSeconds() + " s; see " + log);
            Thread.sleep(POLL_MILLIS);
        }
        return p;
    }

    /** Runs a command to its end; returns its exit code, its output in {@code log}. */
    static int run(Path workDir, Map<String, String> settings, Path log, byte[] stdin, String... args)
            throws IOException, InterruptedException {
        Process p = builder(workDir, settings, log, List.of(args)).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("mailstore " + String.join(" ", args) + " did not finish; see " + log);
        }
        return p.exitValue();
    }

    private static ProcessBuilder builder(Path workDir, Map<String, String> settings, Path log, List<String> args) {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder pb = new ProcessBuilder(command(java, System.getProperty("java.class.path"), args)).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("MAILSTORE_"));
        pb.environment().putAll(settings);
        return pb;
    }

    /**
     * The child's command line. The child runs in the torture's work directory, so a relative class-path entry (as in
     * {@code java -jar mailstore.jar}) would name nothing there: every entry is made absolute against this JVM's (an empty entry, which means the
     * current directory, becomes this JVM's current directory).
     */
    static List<String> command(String java, String classPath, List<String> args) {
        List<String> command = new ArrayList<>(List.of(java, "-cp", absolute(classPath), MAIN_CLASS));
        command.addAll(args);
        return command;
    }

    private static String absolute(String classPath) {
        return Arrays.stream(classPath.split(Pattern.quote(File.pathSeparator), -1))
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no cleanup; returns once the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as an operator stops it; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }
}

package org.mailstore.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code mailstore serve} as a separate JVM, as an operator runs it, stopped by a real signal. */
final class ServeProcess implements AutoCloseable {
    static final String READY = "mailstore ready: ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;

    private ServeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * How serve is started beyond its directory and environment: options for its JVM (such as
     * {@code -Dlogback.configurationFile=logback.xml}), a wrapper that runs env and java (such as strace and its
     * options), and how long to wait for its ready line (longer with several JVMs starting at once on a busy machine).
     */
    record Options(List<String> jvmOptions, List<String> wrapper, Duration startTimeout) {
        static final Options DEFAULT = new Options(List.of(), List.of(), START_TIMEOUT);

        Options withJvmOptions(List<String> options) {
            return new Options(List.copyOf(options), wrapper, startTimeout);
        }

        Options withWrapper(List<String> command) {
            return new Options(jvmOptions, List.copyOf(command), startTimeout);
        }

        Options withStartTimeout(Duration timeout) {
            return new Options(jvmOptions, wrapper, timeout);
        }
    }

    /** Starts serve in {@code cwd} with {@code env} added to this JVM's environment; returns once it logged its ready line. */
    static ServeProcess start(Path cwd, Map<String, String> env) throws IOException, InterruptedException {
        return start(cwd, env, Options.DEFAULT);
    }

    /** As {@link #start(Path, Map)}, started as {@code options} say. */
    static ServeProcess start(Path cwd, Map<String, String> env, Options options) throws IOException, InterruptedException {
        Path log = Files.createTempFile(cwd, "serve", ".log");
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // As systemd starts it: a test run under nohup would pass SIGHUP's "ignored" on, and the JVM then never
        // installs serve's certificate-reload handler (ServeTlsTest sends SIGHUP).
        List<String> command = new java.util.ArrayList<>(options.wrapper());
        command.addAll(List.of("env", "--default-signal=HUP", java));
        command.addAll(options.jvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        ServeProcess p = new ServeProcess(pb.start(), log);
        p.awaitReady(options.startTimeout());
        return p;
    }

    private void awaitReady(Duration startTimeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!output().contains(READY)) {
            if (!process.isAlive()) throw new AssertionError("serve exited with " + process.exitValue() + ":\n" + output());
            if (System.nanoTime() > deadline) throw new AssertionError("serve not ready:\n" + output());
            Thread.sleep(100);
        }
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, as systemd or docker stop sends it; returns the exit code. */
    int terminate() throws InterruptedException {
        // Under a wrapper the JVM is a descendant: signal it, and the wrapper ends with it.
        process.descendants().filter(p -> p.info().command().filter(c -> c.endsWith("/java")).isPresent())
                .findFirst().ifPresentOrElse(ProcessHandle::destroy, process::destroy);
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) throw new AssertionError("serve did not stop on SIGTERM");
        return process.exitValue();
    }

    /** SIGKILL: the JVM dies without any cleanup. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (!process.isAlive()) return;
        try {
            terminate();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

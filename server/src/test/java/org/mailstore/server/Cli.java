package org.mailstore.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs mailstore command lines inside the test JVM with their own environment, directory and streams. */
final class Cli {
    static final Duration SERVE_START_TIMEOUT = Duration.ofSeconds(120);

    record Result(int code, String out, String err) {}

    private final Map<String, String> env;
    private final Path cwd;

    Cli(Map<String, String> env, Path cwd) {
        this.env = env;
        this.cwd = cwd;
    }

    /** A context for building the command line without running it. */
    CliContext context() {
        return new CliContext(env, cwd, "test-host", new ByteArrayInputStream(new byte[0]), System.out, System.err,
                Optional.empty(), new ProcessLifecycle());
    }

    Result run(String... args) {
        return runWithInput(new byte[0], Optional.empty(), args);
    }

    Result runWithInput(byte[] stdin, Optional<PasswordConsole> console, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = new CliContext(env, cwd, "test-host", new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                console, new ProcessLifecycle());
        int code = Main.run(args, context);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code mailstore serve} on a thread of this JVM, stopped as SIGTERM would. */
    final class Serving implements AutoCloseable {
        private final ProcessLifecycle lifecycle = new ProcessLifecycle();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final CompletableFuture<Integer> exit;

        Serving(String... extraArgs) throws InterruptedException {
            String[] args = new String[extraArgs.length + 1];
            args[0] = "serve";
            System.arraycopy(extraArgs, 0, args, 1, extraArgs.length);
            CliContext context = new CliContext(env, cwd, "test-host", new ByteArrayInputStream(new byte[0]),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), Optional.empty(), lifecycle);
            exit = CompletableFuture.supplyAsync(() -> Main.run(args, context), r -> Thread.ofPlatform().name("serve").start(r));
            long deadline = System.nanoTime() + SERVE_START_TIMEOUT.toNanos();
            while (!lifecycle.awaitReady(Duration.ofMillis(100))) {
                if (exit.isDone()) throw new AssertionError("serve exited with " + exit.join() + " before ready: " + err());
                if (System.nanoTime() > deadline) throw new AssertionError("serve not ready: " + err());
            }
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        /** Requests the stop and returns serve's exit code. */
        int stop() throws InterruptedException, ExecutionException, TimeoutException {
            lifecycle.requestStop();
            return exit.get(SERVE_START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public void close() throws ExecutionException, TimeoutException {
            try {
                if (!exit.isDone()) stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping serve", e);
            }
        }
    }
}

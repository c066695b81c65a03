package org.mailstore.server.torture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL postmaster the torture kills: found through its {@code postmaster.pid} lock file (line 1 is its
 * process id), killed with SIGKILL, and started again: with the command given for an external server, or, for
 * serve's embedded one, with the very command line it ran (read from /proc before the kill), in the user namespace
 * zonky uses when mailstore runs as root. Its backends notice the postmaster's death and exit on their own; a new
 * postmaster refuses to start while one still holds the shared memory, hence the retries.
 */
final class Postmaster {
    private static final Logger log = LoggerFactory.getLogger(Postmaster.class);
    /**
     * Generous: the new postmaster cannot start while the killed one's children still hold its shared memory, and on a
     * loaded machine a checkpointer in the middle of a spread checkpoint took 110 s to notice and exit (then crash
     * recovery replays the WAL since that checkpoint). A harness limit, not a property of mailstore.
     */
    static final Duration RESTART_TIMEOUT = Duration.ofMinutes(10);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(20);
    private static final long RETRY_MILLIS = 500;

    private final Path pidFile;
    private final Optional<String> startCommand;
    private final Path logFile;
    private final boolean supervised;
    private List<String> commandLine = List.of();

    /**
     * @param supervised an external server that something else (systemd, a container runtime) starts again: the
     *                   torture then only waits for it
     */
    Postmaster(Path pidFile, Optional<String> startCommand, Path logFile, boolean supervised) {
        this.pidFile = pidFile;
        this.startCommand = startCommand;
        this.logFile = logFile;
        this.supervised = supervised && startCommand.isEmpty();
    }

    /** SIGKILLs the postmaster (only it, as a crash of that one process); returns its pid. */
    long kill() throws IOException, InterruptedException {
        long pid = pid();
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new IOException("no postmaster with pid " + pid));
        commandLine = commandLine(pid);
        handle.destroyForcibly();
        handle.onExit().join();
        log.info("killed the PostgreSQL postmaster (pid {})", pid);
        return pid;
    }

    /** Starts it again and returns once {@code postmaster.pid} names a live, ready process. */
    void restart() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RESTART_TIMEOUT.toNanos();
        if (supervised) {
            while (!ready()) {
                if (System.nanoTime() > deadline) throw new IOException("PostgreSQL was not started again within "
                        + RESTART_TIMEOUT.toSeconds() + " s (no --postmaster-start given; is it supervised?)");
                Thread.sleep(RETRY_MILLIS);
            }
            return;
        }
        while (true) {
            Process p = new ProcessBuilder(command()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            long attemptEnd = System.nanoTime() + ATTEMPT_TIMEOUT.toNanos();
            while (System.nanoTime() < attemptEnd) {
                if (ready()) return;
                if (!p.isAlive() && startCommand.isEmpty()) break;
                Thread.sleep(RETRY_MILLIS);
            }
            if (System.nanoTime() > deadline) throw new IOException("PostgreSQL did not start again within "
                    + RESTART_TIMEOUT.toSeconds() + " s; see " + logFile);
            Thread.sleep(RETRY_MILLIS);
        }
    }

    private List<String> command() throws IOException {
        if (startCommand.isPresent()) return List.of("sh", "-c", startCommand.get());
        if (commandLine.isEmpty()) throw new IOException("the postmaster's command line is unknown");
        List<String> c = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) c.addAll(List.of("unshare", "-U"));
        c.addAll(commandLine);
        return c;
    }

    private boolean ready() throws IOException {
        if (!Files.exists(pidFile)) return false;
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.size() < 8 || !"ready".equals(lines.get(7).strip())) return false;
        return ProcessHandle.of(Long.parseLong(lines.getFirst().strip())).map(ProcessHandle::isAlive).orElse(false);
    }

    private long pid() throws IOException {
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) throw new IOException(pidFile + " is empty");
        return Long.parseLong(lines.getFirst().strip());
    }

    private static List<String> commandLine(long pid) throws IOException {
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        if (!Files.exists(cmdline)) return List.of();
        String raw = Files.readString(cmdline, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of(raw.split("\0")));
        args.removeIf(String::isEmpty);
        return args;
    }
}

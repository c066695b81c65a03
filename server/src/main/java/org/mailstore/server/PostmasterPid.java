package org.mailstore.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's {@code postmaster.pid} lock file in a data directory: line 1 is the postmaster's
 * process id, line 4 its TCP port, line 8 (once written) its status such as {@code ready}. Its
 * presence with a live process is how PostgreSQL itself refuses a second postmaster on one data
 * directory, and how a CLI command finds the PostgreSQL a running {@code serve} started.
 */
record PostmasterPid(long pid, int port, String status) {
    static final String FILE_NAME = "postmaster.pid";
    private static final int PID_LINE = 0;
    private static final int PORT_LINE = 3;
    private static final int STATUS_LINE = 7;
    /** The status PostgreSQL writes once it accepts connections. */
    static final String READY = "ready";

    /** The lock file's contents, or empty when there is none (or it is being written). */
    static Optional<PostmasterPid> read(Path pgDir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(pgDir.resolve(FILE_NAME), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + pgDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
        if (lines.size() <= PORT_LINE) return Optional.empty();
        try {
            long pid = Long.parseLong(lines.get(PID_LINE).strip());
            int port = Integer.parseInt(lines.get(PORT_LINE).strip());
            String status = lines.size() > STATUS_LINE ? lines.get(STATUS_LINE).strip() : "";
            return Optional.of(new PostmasterPid(pid, port, status));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a PostgreSQL process with this id runs. A process id recycled by an unrelated program
     * after a crash does not count, when the system tells us the command.
     */
    boolean alive() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .map(p -> p.info().command().map(c -> c.endsWith("postgres") || c.endsWith("postmaster")).orElse(true))
                .orElse(false);
    }

    boolean ready() {
        return READY.equals(status);
    }
}

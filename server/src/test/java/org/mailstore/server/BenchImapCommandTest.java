package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mailstore bench imap}: its arguments, its report when nothing answers, and a tiny run (setup, load,
 * first sync) against a private Dovecot instance on a loopback port when Dovecot's imapd is installed and we are
 * root (as in CI); otherwise that test skips itself. mailstore's own IMAP server is benchmarked the same way once
 * it is wired into serve.
 */
class BenchImapCommandTest {
    static final Path DOVECOT = Path.of("/usr/sbin/dovecot");
    static final Path DOVECOT_IMAP = Path.of("/usr/lib/dovecot/imap");
    private static final Pattern LOAD_RESULT = Pattern.compile("result: [0-9.]+ operations/s \\(LOGIN [0-9.]+/s, SELECT [0-9.]+/s, "
            + "FETCH [0-9.]+/s, STORE [0-9.]+/s, SEARCH [0-9.]+/s, APPEND [0-9.]+/s, EXPUNGE [0-9.]+/s, IDLE [0-9.]+/s, "
            + "LOGOUT [0-9.]+/s\\), p50 [0-9.]+ ms, p99 [0-9.]+ ms \\((\\d+) operations, (\\d+) failed, (\\d+) clients, [0-9.]+ s\\)");

    @TempDir
    Path dir;

    private Cli cli() {
        return new Cli(Map.of(), dir);
    }

    @Test
    void refusesNonsenseArguments() {
        for (List<String> args : List.of(List.of("--clients", "0"), List.of("--seconds", "0"), List.of("--size", "100"),
                List.of("--users", "0"), List.of("--rounds-per-login", "0"), List.of("--first-sync", "--rounds", "0"),
                List.of("--clients", "many"))) {
            String[] line = java.util.stream.Stream.concat(java.util.stream.Stream.of("bench", "imap"), args.stream())
                    .toArray(String[]::new);
            Cli.Result r = cli().run(line);
            assertEquals(ExitCodes.USAGE, r.code(), args + ": " + r.err());
            assertEquals("", r.out(), args.toString());
        }
    }

    @Test
    void reportsFailuresAndExitsOneWhenNothingListens() throws IOException {
        int port = freePort();
        Cli.Result r = cli().run("bench", "imap", "--port", String.valueOf(port), "--clients", "2", "--seconds", "0.5",
                "--warmup", "0");
        assertEquals(ExitCodes.FAILURE, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        var m = LOAD_RESULT.matcher(lines.getLast());
        assertTrue(m.matches(), lines.getLast());
        assertEquals("0", m.group(1));
        assertTrue(Integer.parseInt(m.group(2)) >= 2, lines.getLast()); // each client failed to connect at least once
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("first failure: connection ")), r.out());
        Cli.Result sync = cli().run("bench", "imap", "--first-sync", "--port", String.valueOf(port), "--rounds", "1");
        assertEquals(ExitCodes.FAILURE, sync.code());
        assertTrue(sync.err().startsWith("mailstore bench imap: "), sync.err());
    }

    @Test
    void tinyRunAgainstDovecot() throws Exception {
        assumeTrue(Files.isExecutable(DOVECOT) && Files.isExecutable(DOVECOT_IMAP), "Dovecot's imapd is not installed");
        assumeTrue("root".equals(System.getProperty("user.name")), "a private Dovecot instance needs root");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // Dovecot reads mail as nobody
        int port = freePort();
        Path conf = writeDovecotConfig(port);
        run("dovecot", "-c", conf.toString());
        try {
            Cli.Result load = cli().run("bench", "imap", "--port", String.valueOf(port), "--clients", "2", "--seconds", "1",
                    "--warmup", "0.2", "--mailbox-messages", "60", "--setup");
            assertEquals(ExitCodes.OK, load.code(), load.out() + load.err());
            List<String> lines = load.out().lines().toList();
            assertEquals(List.of("setup: imapbench0@bench.test INBOX now holds 60 messages",
                    "setup: imapbench1@bench.test INBOX now holds 60 messages"), lines.stream().filter(l -> l.startsWith("setup:")).sorted().toList());
            assertTrue(lines.stream().anyMatch(l -> Pattern.matches(
                    "ramp-up: the first LOGIN of all 2 clients was answered after [0-9.]+ s \\(not measured\\)", l)), load.out());
            var m = LOAD_RESULT.matcher(lines.getLast());
            assertTrue(m.matches(), lines.getLast());
            assertTrue(Integer.parseInt(m.group(1)) > 0, lines.getLast());
            assertEquals("0", m.group(2));
            assertEquals("2", m.group(3));

            Cli.Result sync = cli().run("bench", "imap", "--first-sync", "--port", String.valueOf(port), "--rounds", "2");
            assertEquals(ExitCodes.OK, sync.code(), sync.out() + sync.err());
            String last = sync.out().lines().toList().getLast();
            assertTrue(Pattern.matches("result: first sync [0-9.]+ ms the first time, p50 [0-9.]+ ms \\(min [0-9.]+, max [0-9.]+; "
                    + "SELECT \\+ UID FETCH of 60 messages; 0 failed\\)", last), last);
        } finally {
            run("doveadm", "-c", conf.toString(), "stop");
        }
    }

    private Path writeDovecotConfig(int port) throws IOException, InterruptedException {
        Path d = dir.resolve("dovecot");
        for (String sub : List.of("run", "state", "mail")) Files.createDirectories(d.resolve(sub));
        run("chown", "nobody:nogroup", d.resolve("mail").toString());
        Files.writeString(d.resolve("passwd"), "imapbench0@bench.test:{PLAIN}bench\nimapbench1@bench.test:{PLAIN}bench\n");
        Path conf = d.resolve("dovecot.conf");
        Files.writeString(conf, """
                base_dir = %1$s/run
                state_dir = %1$s/state
                log_path = %1$s/dovecot.log
                protocols = imap
                listen = 127.0.0.1
                ssl = no
                disable_plaintext_auth = no
                mail_location = maildir:%1$s/mail/%%n/Maildir
                passdb {
                  driver = passwd-file
                  args = %1$s/passwd
                }
                userdb {
                  driver = static
                  args = uid=nobody gid=nogroup home=%1$s/mail/%%n
                }
                service imap-login {
                  inet_listener imap {
                    address = 127.0.0.1
                    port = %2$d
                  }
                  inet_listener imaps {
                    port = 0
                  }
                }
                """.formatted(d, port));
        return conf;
    }

    /** Output goes to a file: Dovecot's daemon inherits it, so a pipe would never reach its end. */
    private void run(String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "command", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

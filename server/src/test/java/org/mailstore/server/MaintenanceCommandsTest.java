package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;

/** reconcile, gc and bench populate through the command line, against a real PostgreSQL. */
class MaintenanceCommandsTest {
    static final String MESSAGE = "From: s@example.net\r\nTo: a@example.org\r\nSubject: %s\r\nMessage-ID: <%s@example.net>\r\n\r\nHi.\r\n";

    @TempDir
    Path dir;
    private Cli cli;

    @BeforeEach
    void setUp() {
        TestDatabase.Coordinates db = TestDatabase.fresh();
        cli = new Cli(ServeExternalDatabaseTest.env(db, dir.resolve("data")), dir);
    }

    private Cli.Result run(String stdin, String... args) {
        return cli.runWithInput(stdin.getBytes(StandardCharsets.UTF_8), Optional.empty(), args);
    }

    @Test
    void reconcileFindsAMissingBlobReportsItAndExpungesItOnRequest() throws Exception {
        assertEquals(0, run("pw\n", "account", "add", "a@example.org", "--password-stdin").code());
        String blob = run(String.format(MESSAGE, "one", "1"), "deliver", "--to", "a@example.org").out().strip().replaceAll(".* blob=", "");
        assertEquals(0, run(String.format(MESSAGE, "two", "2"), "deliver", "--to", "a@example.org").code());

        Cli.Result clean = run("", "reconcile", "--check");
        assertEquals(0, clean.code(), clean.err());
        assertTrue(clean.out().startsWith("checked: 2 blobs, "), clean.out());

        Path file = dir.resolve("data/blobs").resolve(blob.substring(0, 2)).resolve(blob.substring(2, 4)).resolve(blob);
        Files.delete(file);
        Cli.Result check = run("", "reconcile", "--check", "--report", "r.json");
        assertEquals(1, check.code(), check.err());
        assertEquals("missing-blob 1", check.out().lines().findFirst().orElseThrow());
        assertTrue(Files.readString(dir.resolve("r.json")).contains("\"kind\":\"missing-blob\",\"status\":\"unresolved\",\"account\":\"a@example.org\""));
        assertTrue(check.err().contains("mailstore reconcile: blobs: 1 done in "), "plain progress lines: " + check.err());

        Cli.Result repaired = run("", "reconcile", "--missing=expunge");
        assertEquals(0, repaired.code(), repaired.out() + repaired.err());
        assertEquals(List.of("INBOX messages=1"), run("", "mailbox", "list", "a@example.org").out().lines()
                .filter(l -> l.startsWith("INBOX")).map(l -> l.substring(0, l.indexOf(" unseen"))).toList());
        assertEquals(0, run("", "reconcile", "--check").code());
        try (Stream<Path> left = Files.list(dir.resolve("data").resolve(MaintenanceCommands.SCRATCH_DIRECTORY))) {
            assertEquals(List.of(), left.toList(), "sort runs are cleaned up");
        }
    }

    @Test
    void gcKeepsWhatTheJournalNamesAndTakesDurations() {
        assertEquals(0, run("pw\n", "account", "add", "a@example.org", "--password-stdin").code());
        assertEquals(0, run(String.format(MESSAGE, "one", "1"), "deliver", "--to", "a@example.org").code());

        Cli.Result dry = run("", "gc", "--dry-run", "--grace", "0s");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().startsWith("would delete 0 blobs (0 bytes); scanned 1, referenced 1, kept for the journal 0"), dry.out());
        assertTrue(run("", "gc", "--grace", "P1D").out().startsWith("deleted 0 blobs"));
        Cli.Result bad = run("", "gc", "--grace", "a week");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("not a duration: 'a week'"), bad.err());
        assertEquals(2, run("", "reconcile", "--missing=maybe").code());
    }

    @Test
    void benchPopulateFillsASiteReconcileAcceptsAsIs() {
        Cli.Result r = run("", "bench", "populate", "--messages", "300", "--accounts", "7");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("populated 300 blobs ("), r.out());
        Cli.Result check = run("", "reconcile", "--check");
        assertEquals(0, check.code(), check.out() + check.err());
        assertTrue(check.out().startsWith("checked: 300 blobs, "), check.out());
    }
}

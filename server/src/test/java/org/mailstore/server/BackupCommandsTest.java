package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** backup create|verify|list, restore and journal prune through the command line: output, exit codes 0, 1 and 2. */
class BackupCommandsTest {
    static final String MESSAGE = "From: s@example.net\r\nTo: a@example.org\r\nSubject: %s\r\n\r\nHi %s.\r\n";

    @TempDir
    Path dir;
    private Cli live;
    private Cli restored;

    @BeforeEach
    void setUp() {
        live = new Cli(ServeExternalDatabaseTest.env(TestDatabase.fresh(), dir.resolve("data")), dir);
        restored = new Cli(ServeExternalDatabaseTest.env(TestDatabase.freshEmpty(), dir.resolve("restored")), dir);
    }

    static Cli.Result run(Cli cli, String stdin, String... args) {
        return cli.runWithInput(stdin.getBytes(StandardCharsets.UTF_8), Optional.empty(), args);
    }

    @Test
    void createListVerifyRestoreAndPrune() throws Exception {
        assertEquals(0, run(live, "pw\n", "account", "add", "a@example.org", "--password-stdin").code());
        assertEquals(0, run(live, MESSAGE.formatted("one", "1"), "deliver", "--to", "a@example.org").code());
        assertEquals(0, run(live, MESSAGE.formatted("two", "2"), "deliver", "--to", "a@example.org").code());

        Cli.Result first = run(live, "", "backup", "create", "b");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().matches(
                "backup \\S+ \\(full\\): 2 messages, 2 blobs \\(2 copied, [0-9]+ B\\), 3 journal segments, 0 journal-only blobs, [0-9.]+ s\n"),
                first.out());
        assertTrue(first.err().contains("mailstore backup create: blobs: 2 done in "), "plain progress lines: " + first.err());
        Cli.Result second = run(live, "", "backup", "create", "b");
        assertTrue(second.out().contains(": 2 messages, 2 blobs (0 copied, 0 B), "), second.out());

        List<String> list = run(live, "", "backup", "list", "b").out().lines().toList();
        assertEquals(2, list.size());
        assertTrue(list.get(0).matches("\\S+ complete full snapshot=\\S+ size=[0-9.]+kB messages=2"), list.toString());
        assertTrue(list.get(1).matches("\\S+ complete incremental base=" + list.get(0).split(" ")[0] + " snapshot=\\S+ size=[0-9.]+kB messages=2"),
                list.toString());
        assertTrue(second.out().startsWith("backup " + list.get(1).split(" ")[0] + " (incremental on " + list.get(0).split(" ")[0] + "): "),
                second.out());
        JsonNode listed = new ObjectMapper().readTree(run(live, "", "backup", "list", "b", "--json").out());
        assertEquals(2, listed.size(), listed.toString());
        assertEquals(list.get(0).split(" ")[0], listed.get(0).get("id").asText());
        assertEquals("complete", listed.get(0).get("state").asText());
        assertTrue(listed.get(0).get("base").isNull() && listed.get(1).get("problem").isNull(), listed.toString());
        assertEquals(list.get(0).split(" ")[0], listed.get(1).get("base").asText());
        assertEquals(2, listed.get(1).get("messages").asInt());
        assertTrue(listed.get(1).get("bytes").asLong() > 0, listed.toString());
        Cli.Result verified = run(live, "", "backup", "verify", "b", "--deep");
        assertEquals(0, verified.code(), verified.out());
        assertEquals("backup " + list.get(1).split(" ")[0] + " verified (deep)", verified.out().strip());

        Cli.Result r = run(restored, "", "restore", "b");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("restored backup " + list.get(1).split(" ")[0] + " (snapshot "), r.out());
        assertTrue(r.out().strip().endsWith("reconciled: 2 blobs, 8 journal records, 0 findings needing attention"), r.out());
        assertEquals(List.of("INBOX messages=2"), run(restored, "", "mailbox", "list", "a@example.org").out().lines()
                .filter(l -> l.startsWith("INBOX")).map(l -> l.substring(0, l.indexOf(" unseen"))).toList());
        Cli.Result again = run(restored, "", "restore", "b");
        assertEquals(1, again.code());
        assertTrue(again.err().startsWith("mailstore restore: the target is not empty (the database has rows in accounts; "), again.err());

        Cli.Result pruned = run(live, "", "journal", "prune", "b");
        assertEquals(0, pruned.code(), pruned.err());
        assertTrue(pruned.out().startsWith("pruned 2 journal segments ("), pruned.out());
        assertTrue(pruned.out().strip().endsWith("; 1 kept"), pruned.out());
    }

    @Test
    void faultsAndIncompleteBackupsExitOne() throws Exception {
        assertEquals(0, run(live, "pw\n", "account", "add", "a@example.org", "--password-stdin").code());
        assertEquals(0, run(live, MESSAGE.formatted("one", "1"), "deliver", "--to", "a@example.org").code());
        assertEquals(0, run(live, "", "backup", "create", "b").code());
        String id;
        try (Stream<Path> ids = Files.list(dir.resolve("b/backups"))) {
            id = ids.findFirst().orElseThrow().getFileName().toString();
        }
        Files.writeString(dir.resolve("b/backups").resolve(id).resolve("tables/accounts.copy"), "tampered\n");
        Cli.Result bad = run(live, "", "backup", "verify", "b");
        assertEquals(1, bad.code());
        assertTrue(bad.out().startsWith("tables/accounts.copy: 9 bytes, the manifest says "), bad.out());
        assertTrue(bad.out().strip().endsWith("backup " + id + ": 1 fault"), bad.out());

        Files.delete(dir.resolve("b/backups").resolve(id).resolve("manifest.json"));
        assertEquals(id + " incomplete (no manifest.json: interrupted, or still running)", run(live, "", "backup", "list", "b").out().strip());
        assertEquals(1, run(live, "", "backup", "verify", "b").code());
        Cli.Result refused = run(restored, "", "restore", "b", "--backup", id);
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("is incomplete"), refused.err());
        assertEquals(1, run(restored, "", "restore", "b").code());
        assertEquals(1, run(live, "", "journal", "prune", "b").code());
    }

    @Test
    void aBackupWhoseBaseWasDeletedIsListedBrokenFailsVerifyAndIsNotRestored() throws Exception {
        assertEquals(0, run(live, "pw\n", "account", "add", "a@example.org", "--password-stdin").code());
        assertEquals(0, run(live, MESSAGE.formatted("one", "1"), "deliver", "--to", "a@example.org").code());
        assertEquals(0, run(live, "", "backup", "create", "b").code());
        assertEquals(0, run(live, MESSAGE.formatted("two", "2"), "deliver", "--to", "a@example.org").code());
        assertEquals(0, run(live, "", "backup", "create", "b").code());
        List<String> ids = run(live, "", "backup", "list", "b").out().lines().map(l -> l.split(" ")[0]).toList();
        assertEquals(2, ids.size());
        try (Stream<Path> files = Files.walk(dir.resolve("b/backups").resolve(ids.get(0)))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }

        String problem = "its base backup " + ids.get(0) + " is missing from " + dir.resolve("b");
        String listed = run(live, "", "backup", "list", "b").out().strip();
        assertTrue(listed.matches("\\S+ broken incremental base=\\S+ snapshot=\\S+ size=\\S+ messages=2 \\(cannot be restored: .*\\)"), listed);
        assertTrue(listed.endsWith("(cannot be restored: " + problem + ")"), listed);
        Cli.Result verified = run(live, "", "backup", "verify", "b");
        assertEquals(1, verified.code());
        assertEquals(List.of("incremental backup on " + ids.get(0) + ", which cannot be restored: " + problem, "backup " + ids.get(1) + ": 1 fault"),
                verified.out().lines().toList());
        Cli.Result refused = run(restored, "", "restore", "b");
        assertEquals(1, refused.code());
        assertTrue(refused.err().startsWith("mailstore restore: backup " + ids.get(1) + " fails verification, not restoring it: incremental "),
                refused.err());

        Cli.Result full = run(live, "", "backup", "create", "b", "--full");
        assertEquals(0, full.code(), full.err());
        assertTrue(full.out().strip().matches("backup \\S+ \\(full\\): 2 messages, .*"), full.out());
        Cli.Result r = run(restored, "", "restore", "b");
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void usageAndHelp() {
        Cli.Result help = run(live, "", "backup", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("create") && help.out().contains("verify") && help.out().contains("list"), help.out());
        assertEquals(0, run(live, "", "restore", "--help").code());
        assertEquals(0, run(live, "", "journal", "prune", "--help").code());
        assertEquals(2, run(live, "", "backup").code());
        assertEquals(2, run(live, "", "backup", "create").code());
        assertEquals(2, run(live, "", "backup", "verify", "b", "--backup", "yesterday").code());
        assertEquals(2, run(live, "", "restore").code());
        assertEquals(2, run(live, "", "journal").code());
        assertEquals(1, run(live, "", "backup", "verify", "nowhere").code());
    }
}

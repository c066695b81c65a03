package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailstore.server.BackupCommandsTest.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;

/**
 * A CLI command that writes journals under {@code <instance.id>-cli}, never under serve's own id. Under serve's id
 * (found by the crash torture: serve's log said another process used its instance id) a command took the segment
 * name serve was about to create, and one run after a crash became the newest segment of serve's id, which the
 * restarted serve settles as its own previous run's tail (docs/store.md) instead of the segment serve died in.
 */
class CommandJournalTest {
    @TempDir
    Path dir;

    @Test
    void aCommandJournalsUnderAnInstanceIdOfItsOwn() throws Exception {
        Map<String, String> env = ServeExternalDatabaseTest.env(TestDatabase.fresh(), dir.resolve("data"));
        env.put("MAILSTORE_INSTANCE_ID", "mx1");
        Cli cli = new Cli(env, dir);

        assertEquals(0, run(cli, "pw\n", "account", "add", "a@example.org", "--password-stdin").code());
        Cli.Result delivered = run(cli, BackupCommandsTest.MESSAGE.formatted("one", "1"), "deliver", "--to", "a@example.org");
        assertEquals(0, delivered.code(), delivered.err());

        try (Stream<Path> files = Files.list(dir.resolve("data/journal"))) {
            assertEquals(List.of("mx1-cli-000000000001.journal", "mx1-cli-000000000002.journal"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aLongInstanceIdIsShortenedToMakeRoomForTheSuffix() throws Exception {
        String id = "mx-" + "a".repeat(61);
        Map<String, String> env = ServeExternalDatabaseTest.env(TestDatabase.fresh(), dir.resolve("data"));
        env.put("MAILSTORE_INSTANCE_ID", id);

        assertEquals(0, run(new Cli(env, dir), "pw\n", "account", "add", "a@example.org", "--password-stdin").code());

        try (Stream<Path> files = Files.list(dir.resolve("data/journal"))) {
            assertEquals(List.of(id.substring(0, 60) + "-cli-000000000001.journal"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}

package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;

/**
 * {@code restore} refuses while a {@code serve} runs on the target database, external or embedded (it would replace
 * the tables under a live server), and a serve cannot start while a restore runs: the {@link ServingLock}.
 */
class RestoreRefusedWhileServingTest {
    static final String REFUSAL = "mailstore restore: a 'mailstore serve' (or another restore) is running against this database;"
            + " stop every serve that uses it, then restore\n";

    @TempDir
    Path dir;

    private static Cli.Result addAccountAndBackUp(Cli cli, Path backup) {
        Cli.Result add = cli.runWithInput("pw\n".getBytes(StandardCharsets.UTF_8), Optional.empty(), "account", "add", "a@example.org",
                "--password-stdin");
        assertEquals(0, add.code(), add.err());
        return cli.run("backup", "create", backup.toString());
    }

    @Test
    void restoreIsRefusedWhileServeRunsOnAnExternalDatabaseAndWorksOnceItStopped() throws Exception {
        Path backup = dir.resolve("backup");
        Map<String, String> env = ImapServe.env(TestDatabase.freshEmpty(), dir.resolve("data"), "live");
        try (ImapServe serve = ImapServe.start(dir, env)) {
            assertEquals(0, addAccountAndBackUp(serve.cli(), backup).code());
            Cli.Result refused = serve.cli().run("restore", backup.toString(), "--force");
            assertEquals(1, refused.code(), refused.out());
            assertEquals(REFUSAL, refused.err());
            assertEquals("", refused.out());
        }
        Cli.Result restored = new Cli(env, dir).run("restore", backup.toString(), "--force");
        assertEquals(0, restored.code(), restored.out() + restored.err());
    }

    @Test
    void restoreIsRefusedWhileServeRunsTheEmbeddedDatabase() throws Exception {
        Map<String, String> env = new HashMap<>();
        for (String l : new String[] {"LMTP", "POP3", "POP3S", "IMAP", "IMAPS", "HTTP"}) env.put("MAILSTORE_" + l + "_LISTEN", "off");
        Path backup = dir.resolve("backup");
        try (ServeProcess serve = ServeProcess.start(dir, env)) {
            Cli cli = new Cli(env, dir);
            assertEquals(0, addAccountAndBackUp(cli, backup).code());
            Cli.Result refused = cli.run("restore", backup.toString(), "--force");
            assertEquals(1, refused.code(), refused.out());
            assertEquals(REFUSAL, refused.err());
        }
    }

    @Test
    void serveSharesTheLockAndRestoreTakesItAlone() {
        DataSource ds = SchemaMigratorTest.dataSource(TestDatabase.freshEmpty());
        try (ServingLock one = ServingLock.share(ds); ServingLock two = ServingLock.share(ds)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ServingLock.exclusive(ds));
            assertEquals(REFUSAL.substring("mailstore restore: ".length()).strip(), e.getMessage());
        }
        try (ServingLock restore = ServingLock.exclusive(ds)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ServingLock.share(ds));
            assertEquals("cannot serve: a 'mailstore restore' is running against this database; start serve when it has finished", e.getMessage());
        }
        try (ServingLock again = ServingLock.share(ds)) {
            assertEquals(ServingLock.class, again.getClass(), "released when the restore's lock closed");
        }
    }
}

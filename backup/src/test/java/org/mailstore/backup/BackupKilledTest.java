package org.mailstore.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.Recipient;
import org.mailstore.store.StoreFixture;
import org.mailstore.store.maintenance.Progress;

/** A backup whose process is killed half-way (SIGKILL, no chance to clean up) is never mistaken for a good one. */
class BackupKilledTest {
    @RegisterExtension
    final StoreFixture f = new StoreFixture();

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aKilledBackupIsIncompleteForListAndVerifyAndRefusedByRestore() throws Exception {
        f.account("a@example.org");
        for (int i = 0; i < 5; i++) f.deliver(StoreFixture.message("m" + i, "b" + i), new Recipient("a@example.org"));
        Path backupRoot = tmp.resolve("backup");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BackupChild.class.getName(),
                f.db.url(), f.db.user(), f.db.password(), f.blobDir.toString(), f.journalDir.toString(), backupRoot.toString())
                .redirectError(tmp.resolve("child.err").toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine(); // logging may come first
            } while (line != null && !line.equals(BackupChild.AT_BLOBS));
            assertEquals(BackupChild.AT_BLOBS, line, () -> "child: " + readQuietly(tmp.resolve("child.err")));
            child.toHandle().destroyForcibly();
        }
        child.waitFor();

        BackupDirectory dir = new BackupDirectory(backupRoot);
        List<BackupSummary> list = dir.list();
        assertEquals(1, list.size());
        BackupSummary killed = list.getFirst();
        assertFalse(killed.complete());
        assertTrue(killed.problem().startsWith("no manifest.json: interrupted, or still running; started "), killed.problem());
        assertTrue(killed.problem().contains(" by pid " + child.pid() + " on "), killed.problem());
        assertTrue(Files.exists(dir.backupDir(killed.id()).resolve("tables/messages.copy")), "it was killed after the tables");
        List<String> faults = new BackupVerifier(dir).verify(killed.id(), true, Progress.NONE);
        assertEquals(1, faults.size());
        assertTrue(faults.getFirst().startsWith("incomplete: no manifest.json"), faults.getFirst());
        try (EmptySite target = new EmptySite(tmp.resolve("restored"))) {
            assertThrows(IncompleteBackupException.class, () -> new Restorer(dir, target.site).restore(Optional.of(killed.id()), false, Progress.NONE));
            assertThrows(IncompleteBackupException.class, () -> new Restorer(dir, target.site).restore(Optional.empty(), false, Progress.NONE));
        }

        // The killed run's maintenance lock died with its session: the next backup runs, and is the one restore would pick.
        Manifest next = new OnlineBackup(new LiveSite(f.dataSource, f.blobDir, 2, f.journalDir), dir, Clock.systemUTC()).create(Progress.NONE);
        assertEquals(next.id(), dir.latestComplete().orElseThrow().id());
        assertEquals(List.of(), new BackupVerifier(dir).verify(next.id(), true, Progress.NONE));
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}

package org.mailstore.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.MailStore;
import org.mailstore.store.Recipient;
import org.mailstore.store.StoreFixture;
import org.mailstore.store.journal.JournalReader;
import org.mailstore.store.maintenance.Progress;

/** journal prune removes exactly the segments a verified backup holds in full, never an instance's newest one. */
class JournalPrunerTest {
    @RegisterExtension
    final StoreFixture f = new StoreFixture();

    @TempDir
    Path tmp;

    @Test
    void pruneRemovesCoveredSegmentsOnly() throws Exception {
        f.account("a@example.org");
        f.deliver(StoreFixture.message("one", "1"), new Recipient("a@example.org"));
        // Each open starts a new segment: test-000000000001 (closed below) and a second instance's.
        f.store.close();
        try (MailStore other = MailStore.open(f.dataSource, f.blobDir, 2, f.journalDir, "other")) {
            other.delivery().deliver(new java.io.ByteArrayInputStream(StoreFixture.message("two", "2").getBytes()),
                    List.of(new Recipient("a@example.org")), java.time.Instant.now());
        }
        f.store = MailStore.open(f.dataSource, f.blobDir, 2, f.journalDir, "test");
        f.deliver(StoreFixture.message("three", "3"), new Recipient("a@example.org"));
        assertEquals(List.of("other-000000000001.journal", "test-000000000001.journal", "test-000000000002.journal"),
                JournalReader.segments(f.journalDir));

        BackupDirectory dir = new BackupDirectory(tmp.resolve("backup"));
        assertThrows(IncompleteBackupException.class, () -> new JournalPruner(dir, f.journalDir).prune(Optional.empty(), false));
        Manifest m = new OnlineBackup(new LiveSite(f.dataSource, f.blobDir, 2, f.journalDir), dir, Clock.systemUTC()).create(Progress.NONE);
        f.deliver(StoreFixture.message("four", "4"), new Recipient("a@example.org"));

        JournalPruner.Result dry = new JournalPruner(dir, f.journalDir).prune(Optional.empty(), true);
        assertEquals(List.of("test-000000000001.journal"), dry.removed());
        assertEquals(3, JournalReader.segments(f.journalDir).size());
        JournalPruner.Result done = new JournalPruner(dir, f.journalDir).prune(Optional.of(m.id()), false);
        assertEquals(List.of("test-000000000001.journal"), done.removed());
        assertEquals(List.of("other-000000000001.journal", "test-000000000002.journal"), JournalReader.segments(f.journalDir));

        // A damaged backup covers nothing.
        Path copy = dir.backupDir(m.id()).resolve("journal/test-000000000002.journal");
        Files.write(copy, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertThrows(IllegalStateException.class, () -> new JournalPruner(dir, f.journalDir).prune(Optional.empty(), false));
    }
}

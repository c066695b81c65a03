package org.mailstore.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.Account;
import org.mailstore.store.MailStore;
import org.mailstore.store.Recipient;
import org.mailstore.store.StoreFixture;
import org.mailstore.store.maintenance.Progress;

/**
 * The blob rows of a backup are incremental: each backup writes only the rows its base's snapshot lacked, restore
 * gathers them from the chain, and a chain with a link gone is reported by verify and refused by restore.
 */
class IncrementalBackupChainTest {
    @RegisterExtension
    final StoreFixture f = new StoreFixture();

    @TempDir
    Path tmp;

    private BackupDirectory dir() {
        return new BackupDirectory(tmp.resolve("backup"));
    }

    private Manifest backup(boolean full) throws Exception {
        Thread.sleep(2); // ids are milliseconds
        return new OnlineBackup(new LiveSite(f.dataSource, f.blobDir, 2, f.journalDir), dir(), Clock.systemUTC(), full).create(Progress.NONE);
    }

    private Manifest.TableFile blobRows(Manifest m) {
        return m.tables().stream().filter(t -> t.name().equals("blobs")).findFirst().orElseThrow();
    }

    /** Every column of every blob row a message references, as PostgreSQL prints the row: equal rows, equal text. */
    private static List<String> referencedBlobRows(DataSource ds) {
        return DSL.using(ds, org.jooq.SQLDialect.POSTGRES).fetch("SELECT b::text FROM blobs b WHERE EXISTS "
                + "(SELECT 1 FROM messages m WHERE m.blob_hash = b.blob_hash) ORDER BY b.blob_hash").getValues(0, String.class);
    }

    @Test
    void eachBackupWritesOnlyTheBlobRowsItsBaseLacksAndRestoreGathersThemFromTheChain() throws Exception {
        Account a = f.account("a@example.org");
        for (int i = 0; i < 3; i++) f.deliver(StoreFixture.message("m" + i, "first " + i), new Recipient(a.address()));
        Manifest full = backup(false);
        assertNull(full.base());
        assertEquals(3, blobRows(full).rows());
        assertTrue(blobRows(full).delta());

        long inbox = f.mailbox(a, "INBOX").id();
        f.store.messages().remove(a, inbox, List.of(1L)); // its row stays until gc; the next snapshot no longer references it
        f.deliver(StoreFixture.message("late", "committed after the snapshot"), new Recipient(a.address()));
        f.deliver(StoreFixture.message("new", "second"), new Recipient(a.address()));
        // A row stamped before the previous snapshot (its transaction began earlier) must still be picked up.
        DSL.using(f.dataSource, org.jooq.SQLDialect.POSTGRES).execute("UPDATE blobs SET stored_at = timestamptz '2000-01-01' "
                + "WHERE blob_hash = (SELECT blob_hash FROM messages WHERE uid = 4 AND mailbox_id = " + inbox + ")");
        Manifest second = backup(false);
        assertEquals(full.id(), second.base());
        assertEquals(2, blobRows(second).rows(), "only the two new blobs' rows");
        assertEquals(4, second.counts().blobs());
        assertEquals(referencedBytes(f.dataSource), second.counts().blobBytes(), "the previous total, plus two gained, minus one lost");
        Manifest third = backup(false);
        assertEquals(second.id(), third.base());
        assertEquals(0, blobRows(third).rows(), "unchanged store: no blob rows at all");
        assertEquals(second.counts().blobBytes(), third.counts().blobBytes());
        assertEquals(List.of(), new BackupVerifier(dir()).verify(third.id(), true, Progress.NONE));
        assertEquals(Optional.empty(), dir().chainProblem(third));

        List<String> live = referencedBlobRows(f.dataSource);
        assertEquals(4, live.size());
        try (EmptySite target = new EmptySite(tmp.resolve("restored"))) {
            RestoreResult r = new Restorer(dir(), target.site).restore(Optional.of(third.id()), false, Progress.NONE);
            assertEquals(third.tables().stream().filter(t -> !t.delta()).mapToLong(Manifest.TableFile::rows).sum() + 4, r.rows());
            assertEquals(live, referencedBlobRows(target.dataSource));
            assertEquals(4L, DSL.using(target.dataSource, org.jooq.SQLDialect.POSTGRES).fetchValue("SELECT count(*) FROM blobs", Long.class),
                    "no rows beyond the snapshot's: the removed message's blob is not brought back");
            try (MailStore restored = MailStore.open(target.dataSource, target.site.blobs(), target.site.journalDir(), "after")) {
                Account ra = restored.accounts().get(a.address());
                assertEquals(f.store.messages().list(a, inbox), restored.messages().list(ra, inbox));
            }
        }
    }

    /** The sum a full backup reads from the whole table, which an incremental one adds up from what changed. */
    private static long referencedBytes(DataSource ds) {
        return DSL.using(ds, org.jooq.SQLDialect.POSTGRES).fetchOne("SELECT coalesce(sum(size), 0) FROM blobs b WHERE EXISTS "
                + "(SELECT 1 FROM messages m WHERE m.blob_hash = b.blob_hash)").get(0, Long.class);
    }

    @Test
    void theBlobTotalIsSummedFromTheTableWhenALostBlobIsGoneFromTheBackupTree() throws Exception {
        Account a = f.account("a@example.org");
        for (int i = 0; i < 3; i++) f.deliver(StoreFixture.message("m" + i, "body of a different length " + "x".repeat(i)), new Recipient(a.address()));
        Manifest first = backup(false);
        assertEquals(referencedBytes(f.dataSource), first.counts().blobBytes());
        long inbox = f.mailbox(a, "INBOX").id();
        String lost = f.store.messages().list(a, inbox).getFirst().blobHash();
        f.store.messages().remove(a, inbox, List.of(1L));
        Files.delete(dir().blobs(2).pathOf(org.mailstore.blobstore.BlobId.fromHex(lost)));

        Manifest second = backup(false);
        assertEquals(first.id(), second.base());
        assertEquals(referencedBytes(f.dataSource), second.counts().blobBytes());
        assertTrue(second.counts().blobBytes() < first.counts().blobBytes());
    }

    @Test
    void anIncrementalBackupWhoseBaseIsGoneOrDamagedFailsVerifyAndIsNotRestored() throws Exception {
        Account a = f.account("a@example.org");
        f.deliver(StoreFixture.message("one", "1"), new Recipient(a.address()));
        Manifest full = backup(false);
        f.deliver(StoreFixture.message("two", "2"), new Recipient(a.address()));
        Manifest inc = backup(false);
        assertEquals(full.id(), inc.base());

        Path baseRows = dir().backupDir(full.id()).resolve(blobRows(full).file().path());
        Files.write(baseRows, new byte[] {'x'}, java.nio.file.StandardOpenOption.APPEND);
        List<String> damaged = new BackupVerifier(dir()).verify(inc.id());
        assertEquals(List.of("base " + full.id() + " tables/blobs.copy: " + (blobRows(full).file().bytes() + 1) + " bytes, the manifest says "
                + blobRows(full).file().bytes()), damaged);

        deleteTree(dir().backupDir(full.id()));
        String problem = "its base backup " + full.id() + " is missing from " + dir().root();
        assertEquals(Optional.of(problem), dir().chainProblem(inc));
        assertEquals(List.of("incremental backup on " + full.id() + ", which cannot be restored: " + problem),
                new BackupVerifier(dir()).verify(inc.id()));
        try (EmptySite target = new EmptySite(tmp.resolve("restored"))) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> new Restorer(dir(), target.site).restore(Optional.of(inc.id()), false, Progress.NONE));
            assertTrue(refused.getMessage().startsWith("backup " + inc.id() + " fails verification, not restoring it: incremental backup on "),
                    refused.getMessage());
        }

        Manifest next = backup(false);
        assertNull(next.base(), "a broken chain is not extended: the next backup holds every row");
        assertEquals(2, blobRows(next).rows());
        Manifest forced = backup(true);
        assertNull(forced.base());
        assertEquals(2, blobRows(forced).rows());
        assertEquals(forced.id(), backup(false).base());
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}

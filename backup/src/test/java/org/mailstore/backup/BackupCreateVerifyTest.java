package org.mailstore.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.FileBlobStore;
import org.mailstore.store.Account;
import org.mailstore.store.Recipient;
import org.mailstore.store.StoreFixture;
import org.mailstore.store.maintenance.Progress;

/** backup create, list and verify against a real store: what a backup holds, incremental copies, and every kind of damage verify must catch. */
class BackupCreateVerifyTest {
    @RegisterExtension
    final StoreFixture f = new StoreFixture();

    @TempDir
    Path tmp;

    private BackupDirectory dir() {
        return new BackupDirectory(tmp.resolve("backup"));
    }

    private Manifest backup() throws IOException {
        return new OnlineBackup(new LiveSite(f.dataSource, f.blobDir, 2, f.journalDir), dir(), Clock.systemUTC()).create(Progress.NONE);
    }

    private void deliverFive() {
        Account a = f.account("a@example.org");
        f.account("b@example.org");
        for (int i = 0; i < 4; i++) f.deliver(StoreFixture.message("m" + i, "body " + i), new Recipient(a.address()));
        f.deliver(StoreFixture.message("both", "to two"), new Recipient("a@example.org"), new Recipient("b@example.org"));
    }

    @Test
    void aBackupHoldsTheSnapshotAndASecondBackupOfAnUnchangedStoreCopiesNoBlobs() throws Exception {
        deliverFive();
        Manifest first = backup();
        assertEquals(new Manifest.Counts(6, 5, first.counts().blobBytes(), 5, first.counts().blobBytes(), 0), first.counts());
        assertEquals("1", first.schemaVersion());
        assertEquals(List.of("accounts", "blobs", "mailboxes", "expunged", "messages", "quotas", "subscriptions"),
                first.tables().stream().map(Manifest.TableFile::name).toList());
        assertEquals(List.of(), new BackupVerifier(dir()).verify(first.id(), true, Progress.NONE));

        Thread.sleep(2);
        Manifest second = backup();
        assertEquals(0, second.counts().blobsCopied());
        assertEquals(0, second.counts().blobBytesCopied());
        assertEquals(5, second.counts().blobs());

        f.deliver(StoreFixture.message("new", "one more"), new Recipient("b@example.org"));
        Thread.sleep(2);
        Manifest third = backup();
        assertEquals(1, third.counts().blobsCopied());
        assertEquals(List.of(first.id(), second.id(), third.id()), dir().list().stream().map(BackupSummary::id).toList());
        assertTrue(dir().list().stream().allMatch(BackupSummary::complete));
        assertEquals(third.id(), dir().latestComplete().orElseThrow().id());
    }

    @Test
    void blobsOnlyTheJournalNamesAreBackedUpAndCarriedOverWhileTheirSegmentIsUnchanged() throws Exception {
        deliverFive();
        Account a = f.store.accounts().get("a@example.org");
        long inbox = f.mailbox(a, "INBOX").id();
        f.store.messages().storeFlags(a, inbox, List.of(1L), org.mailstore.store.Messages.FlagMode.ADD,
                new org.mailstore.store.Flags(false, false, false, true, false, java.util.Set.of()));
        assertEquals(List.of(1L), f.store.messages().expungeDeleted(a, inbox, null));
        Manifest first = backup();
        assertEquals(4, first.counts().blobs());
        assertEquals(1, first.counts().journalBlobs(), "the expunged message's blob, still named by the journal");
        assertEquals(5, first.counts().blobsCopied());

        Thread.sleep(2);
        Manifest second = backup();
        assertEquals(1, second.counts().journalBlobs(), "carried over from the first backup's list");
        assertEquals(0, second.counts().blobsCopied());
        assertEquals(Files.readAllLines(dir().backupDir(first.id()).resolve(BackupDirectory.JOURNAL_BLOBS)),
                Files.readAllLines(dir().backupDir(second.id()).resolve(BackupDirectory.JOURNAL_BLOBS)));
        assertEquals(List.of(), new BackupVerifier(dir()).verify(second.id(), true, Progress.NONE));

        f.store.messages().storeFlags(a, inbox, List.of(2L), org.mailstore.store.Messages.FlagMode.ADD,
                new org.mailstore.store.Flags(false, false, false, true, false, java.util.Set.of()));
        f.store.messages().expungeDeleted(a, inbox, null);
        Thread.sleep(2);
        Manifest third = backup();
        assertEquals(2, third.counts().journalBlobs(), "the grown segment is read again");
    }

    @Test
    void theNextBackupLooksOnlyAtHashesThePreviousListLacksAndDeepVerifyIsWhatChecksTheTree() throws Exception {
        deliverFive();
        Manifest first = backup();
        String hex = Files.readAllLines(dir().backupDir(first.id()).resolve(BackupDirectory.SNAPSHOT_BLOBS)).getFirst();
        Files.delete(new FileBlobStore(dir().blobRoot()).pathOf(BlobId.fromHex(hex)));
        Thread.sleep(2);
        Manifest second = backup();
        assertEquals(0, second.counts().blobsCopied(), "the previous backup's list vouches for its blobs");
        assertEquals(List.of("blob " + hex + ": missing"), new BackupVerifier(dir()).verify(second.id(), true, Progress.NONE));
    }

    @Test
    void aCorruptedTableFileFailsVerify() throws Exception {
        deliverFive();
        Manifest m = backup();
        Path file = dir().backupDir(m.id()).resolve("tables/messages.copy");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        List<String> faults = new BackupVerifier(dir()).verify(m.id());
        assertEquals(1, faults.size(), faults.toString());
        assertTrue(faults.getFirst().startsWith("tables/messages.copy: SHA-256 "), faults.getFirst());
        assertThrows(IllegalStateException.class, () -> new Restorer(dir(), restoreTarget()).restore(Optional.of(m.id()), false, Progress.NONE));
    }

    @Test
    void aCorruptedBlobFailsOnlyTheDeepVerify() throws Exception {
        deliverFive();
        Manifest m = backup();
        String hex = Files.readAllLines(dir().backupDir(m.id()).resolve(BackupDirectory.SNAPSHOT_BLOBS)).get(2);
        Path blob = new FileBlobStore(dir().blobRoot()).pathOf(BlobId.fromHex(hex));
        blob.toFile().setWritable(true);
        Files.writeString(blob, "rotten");
        assertEquals(List.of(), new BackupVerifier(dir()).verify(m.id()));
        assertEquals(List.of("blob " + hex + ": damaged (its bytes no longer hash to its name)"),
                new BackupVerifier(dir()).verify(m.id(), true, Progress.NONE));
        Files.delete(blob);
        assertEquals(List.of("blob " + hex + ": missing"), new BackupVerifier(dir()).verify(m.id(), true, Progress.NONE));
    }

    @Test
    void aBackupWithoutItsManifestIsIncompleteEverywhere() throws Exception {
        deliverFive();
        Manifest m = backup();
        Files.delete(dir().backupDir(m.id()).resolve(BackupDirectory.MANIFEST));
        BackupSummary s = dir().list().getFirst();
        assertFalse(s.complete());
        assertEquals("no manifest.json: interrupted, or still running", s.problem());
        assertEquals(List.of("incomplete: no manifest.json: interrupted, or still running"), new BackupVerifier(dir()).verify(m.id()));
        assertEquals(Optional.empty(), dir().latestComplete());
        IncompleteBackupException e = assertThrows(IncompleteBackupException.class,
                () -> new Restorer(dir(), restoreTarget()).restore(Optional.of(m.id()), false, Progress.NONE));
        assertTrue(e.getMessage().contains("is incomplete"), e.getMessage());
    }

    private LiveSite restoreTarget() {
        return new LiveSite(f.dataSource, tmp.resolve("r/blobs"), 2, tmp.resolve("r/journal"));
    }
}

package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.BlobId;
import org.mailstore.store.journal.Journal;
import org.mailstore.store.journal.JournalRecord;
import org.mailstore.store.maintenance.Progress;

class JournalIndexTest {
    static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    static final String A = "a@example.org";

    @TempDir
    Path dir;
    @TempDir
    Path work;

    @Test
    void renamesAndDeletionsGoToTheIncarnationOfTheirIdAtThatTime() throws Exception {
        // Two instances; read order (by instance id) is not time order.
        write("zz-late", new JournalRecord.MailboxRenamed(T.plusSeconds(20), 1, A, 7, "Work", "Play"),
                new JournalRecord.MailboxDeleted(T.plusSeconds(30), 1, A, 7, "Play"),
                new JournalRecord.MailboxCreated(T.plusSeconds(40), 1, A, 7, "Work", 200));
        write("aa-early", new JournalRecord.MailboxCreated(T, 1, A, 7, "Work", 100),
                appended(T.plusSeconds(10), 7, "Work", 100, 1, "01"),
                new JournalRecord.MailboxDeleted(T.plusSeconds(5), 1, A, 99, "Pruned"));

        try (JournalIndex index = JournalIndex.read(dir, work, 1 << 16, JournalIndex.Scope.EVERYTHING, Progress.NONE)) {
            assertEquals(5 + 1, index.records());
            JournalMailbox first = index.find(A, 100);
            JournalMailbox second = index.find(A, 200);
            assertEquals("Play", first.name);
            assertTrue(first.deleted());
            assertTrue(first.renamedSince("Work"));
            assertFalse(first.renamedSince("Elsewhere"), "a name the journal never used is newer than the journal");
            assertEquals("Work", second.name);
            assertNull(second.deletedAt, "the deletion came before this incarnation");
            assertEquals(1, first.maxUid);
            assertEquals(List.of("Pruned"), index.unattributedEvents().stream()
                    .map(e -> ((JournalRecord.MailboxDeleted) e).name()).toList(), "its creation is not in the journal");
        }
    }

    @Test
    void blobsComeSortedAndDistinctFactsByMailboxAndUid() throws Exception {
        write("one", appended(T, 1, "INBOX", 10, 3, "ff"), appended(T, 1, "INBOX", 10, 1, "02"),
                new JournalRecord.MessagesExpunged(T.plusSeconds(1), 1, A, 1, 10, 9, new long[] {1, 2}));
        write("two", appended(T, 1, "INBOX", 10, 2, "02"));

        try (JournalIndex index = JournalIndex.read(dir, work, 1 << 16, JournalIndex.Scope.EVERYTHING, Progress.NONE)) {
            List<String> blobs = new ArrayList<>();
            try (CloseableIterator<BlobId> it = index.blobs()) {
                it.forEachRemaining(b -> blobs.add(b.hex().substring(0, 2)));
            }
            assertEquals(List.of("02", "ff"), blobs);
            List<String> facts = new ArrayList<>();
            try (CloseableIterator<MessageFact> it = index.facts()) {
                it.forEachRemaining(f -> facts.add(f.uid() + " " + f.kind()));
            }
            assertEquals(List.of("1 APPENDED", "1 EXPUNGED", "2 APPENDED", "2 EXPUNGED", "3 APPENDED"), facts);
            JournalMailbox inbox = index.find(A, 10);
            assertEquals(3, inbox.maxUid);
            assertEquals(9, inbox.maxModseq);
        }
        try (JournalIndex blobsOnly = JournalIndex.read(dir, work, 1 << 16, JournalIndex.Scope.BLOBS, Progress.NONE)) {
            assertEquals(List.of(), blobsOnly.mailboxes());
        }
    }

    @Test
    void noJournalDirectoryIsAnEmptyJournal() throws Exception {
        try (JournalIndex index = JournalIndex.read(dir.resolve("absent"), work, 1 << 16, JournalIndex.Scope.EVERYTHING, Progress.NONE)) {
            assertEquals(0, index.records());
        }
    }

    private void write(String instance, JournalRecord... records) throws Exception {
        try (Journal j = Journal.open(dir, instance)) {
            j.append(List.of(records));
        }
    }

    private static JournalRecord.MessageAppended appended(Instant at, long mailboxId, String name, long uidValidity, long uid, String blobByte) {
        return new JournalRecord.MessageAppended(at, 1, A, mailboxId, name, uidValidity, uid, uid, BlobId.fromHex(blobByte.repeat(32)).bytes(),
                T, 10, List.of());
    }
}

package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.AppendResult;
import org.mailstore.store.Flags;
import org.mailstore.store.MessageView;
import org.mailstore.store.StoreException;
import org.mailstore.store.journal.JournalEntry;
import org.mailstore.store.journal.JournalReader;
import org.mailstore.store.journal.JournalRecord;

/**
 * A commit that fails after the transaction's journal records were made durable (PostgreSQL dying during COMMIT; here a
 * deferred constraint trigger refuses the COMMIT itself, so the failure comes at exactly that step) must not let the
 * next write hand a journaled UID to another message: the journal would then name two messages with one UID and a
 * reconcile would give the mailbox a new UIDVALIDITY. Found by the crash torture with the PostgreSQL postmaster killed.
 */
class InterruptedCommitTest {
    private static final String ALICE = "alice@example.org";

    @TempDir
    Path base;

    @Test
    void anAppendWhoseCommitFailedKeepsItsUidFromTheNextMessage() throws IOException {
        try (Site site = Site.fresh(base)) {
            aliceWithOneMessage(site, "first");

            failNextCommit(site);
            assertThrows(StoreException.class, () -> append(site, "INBOX", "lost", "its commit fails"));
            assertEquals(List.of(2L), journaledUids(site, "INBOX"), "the journal holds the failed append's UID");

            assertEquals(3, append(site, "INBOX", "next", "after the database answers again").uid(),
                    "UID 2 is the journaled one: never given to another message");
            assertEquals(List.of(1L, 3L), uids(site, "INBOX"));
            assertEquals(4, site.mailbox(ALICE, "INBOX").uidNext());

            ReconcileResult check = site.reconcile(ReconcileOptions.checking());
            assertEquals(0, check.exitCode(), check.counts().toString());
            assertEquals(0, check.count(FindingKind.UID_CONFLICT));
            assertEquals(0, check.count(FindingKind.MESSAGE_REPLAYED), "the append its client was told failed is not put back");
        }
    }

    @Test
    void aMoveWhoseCommitFailedLeavesTheMessageWhereItWasAndItsUidUnused() throws IOException {
        try (Site site = Site.fresh(base)) {
            moveWhoseCommitFails(site);

            assertEquals(2, append(site, "Archive", "appended", "after the failed move").uid(),
                    "Archive UID 1 was journaled by the failed move");
            assertEquals(List.of(1L), uids(site, "INBOX"), "the move did not happen");
            assertEquals(List.of(2L), uids(site, "Archive"));

            ReconcileResult check = site.reconcile(ReconcileOptions.checking());
            assertEquals(0, check.exitCode(), check.counts().toString());
            ReconcileResult repair = site.reconcile(ReconcileOptions.repairing());
            assertEquals(0, repair.exitCode(), repair.counts().toString());
            assertEquals(0, repair.count(FindingKind.EXPUNGE_REPLAYED), "the failed move's expunge is not carried out later");
            assertEquals(List.of(1L), uids(site, "INBOX"));
            assertEquals(List.of(2L), uids(site, "Archive"));
        }
    }

    /**
     * The process dies between journal and commit (here: the commit fails, and the store is closed before any other
     * transaction could settle it, as a SIGKILL would leave it). serve's next start settles its previous run's journal
     * tail the reconciler's way: the append is put back at its journaled UID, so the next message takes a new one.
     */
    @Test
    void afterACrashTheNextStartPutsTheJournaledAppendBackAtItsUid() throws IOException {
        try (Site site = Site.fresh(base)) {
            aliceWithOneMessage(site, "first");
            failNextCommit(site);
            assertThrows(StoreException.class, () -> append(site, "INBOX", "in flight", "when the process died"));
            crashAndRestart(site);

            assertEquals(1, site.store().settlePreviousRun(), "one mailbox settled");
            assertEquals(List.of(1L, 2L), uids(site, "INBOX"), "the in-flight append put back at its journaled UID");
            assertEquals(3, append(site, "INBOX", "next", "after the restart").uid());

            ReconcileResult check = site.reconcile(ReconcileOptions.checking());
            assertEquals(0, check.exitCode(), check.counts().toString());
            assertEquals(0, check.count(FindingKind.UID_CONFLICT));
            site.stop();
            site.start();
            assertEquals(0, site.store().settlePreviousRun(), "a clean run leaves nothing to settle");
        }
    }

    @Test
    void afterACrashTheNextStartCompletesTheJournaledMove() throws IOException {
        try (Site site = Site.fresh(base)) {
            moveWhoseCommitFails(site);
            crashAndRestart(site);

            assertEquals(2, site.store().settlePreviousRun(), "source and target mailbox settled");
            assertEquals(List.of(), uids(site, "INBOX"));
            assertEquals(List.of(1L), uids(site, "Archive"));
            assertEquals(2, append(site, "Archive", "next", "after the restart").uid());
            ReconcileResult check = site.reconcile(ReconcileOptions.checking());
            assertEquals(0, check.exitCode(), check.counts().toString());
        }
    }

    /**
     * The crash torture against an external PostgreSQL found this: a second append to the same mailbox, waiting on the
     * mailbox row while the first one's COMMIT failed, took the first one's journaled UID the moment its transaction
     * rolled back (there, on a backend that outlived the killed postmaster; here, a deferred trigger that waits for
     * the test and then fails the first COMMIT). The journal then named two messages with one UID. The second is now
     * refused before its journal write (its client may try again) and the next append takes a new UID.
     */
    @Test
    void aConcurrentAppendDoesNotTakeTheUidOfACommitThatFailed() throws Exception {
        try (Site site = Site.fresh(base)) {
            aliceWithOneMessage(site, "first");
            try (Connection gate = site.dataSource().getConnection()) {
                installFirstCommitFault(site, "P0001", true);
                DSL.using(gate, SQLDialect.POSTGRES).execute("SELECT pg_advisory_lock(" + GATE + ")");
                try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                    Future<AppendResult> failing = threads.submit(() -> append(site, "INBOX", "lost", "its commit fails"));
                    awaitBackendsWaiting(site, "advisory", 1);
                    Future<AppendResult> waiting = threads.submit(() -> append(site, "INBOX", "second", "waits on the mailbox"));
                    awaitBackendsWaiting(site, "transactionid", 1);
                    DSL.using(gate, SQLDialect.POSTGRES).execute("SELECT pg_advisory_unlock(" + GATE + ")");

                    assertInstanceOf(StoreException.class, assertThrows(ExecutionException.class, failing::get).getCause());
                    ExecutionException refused = assertThrows(ExecutionException.class, waiting::get,
                            "the second append must not take UID 2, which the failed one journaled");
                    assertEquals(StoreException.Reason.CONFLICT, ((StoreException) refused.getCause()).reason());
                }
            }
            assertEquals(List.of(2L), journaledUids(site, "INBOX"), "only the failed append journaled UID 2");
            assertEquals(3, append(site, "INBOX", "next", "after the failed commit was settled").uid());
            ReconcileResult check = site.reconcile(ReconcileOptions.checking());
            assertEquals(0, check.exitCode(), check.counts().toString());
            assertEquals(0, check.count(FindingKind.UID_CONFLICT));
        }
    }

    /**
     * A commit refused as a serialization failure is retried by the store; the first attempt journaled UID 2, so the
     * retry settles that first and takes UID 3 (without the settling it would be refused, UID 2 being claimed).
     */
    @Test
    void aRetriedCommitTakesANewUidAfterSettlingTheFailedAttempt() throws IOException {
        try (Site site = Site.fresh(base)) {
            aliceWithOneMessage(site, "first");
            installFirstCommitFault(site, "40001", false);

            assertEquals(3, append(site, "INBOX", "retried", "its first commit fails").uid());

            assertEquals(List.of(2L, 3L), journaledUids(site, "INBOX"), "each attempt journaled its own UID");
            assertEquals(List.of(1L, 3L), uids(site, "INBOX"));
            ReconcileResult check = site.reconcile(ReconcileOptions.checking());
            assertEquals(0, check.exitCode(), check.counts().toString());
            assertEquals(0, check.count(FindingKind.UID_CONFLICT));
        }
    }

    /** Alice's INBOX holds UID 1. */
    private static void aliceWithOneMessage(Site site, String body) {
        site.account(ALICE);
        site.deliver(Site.message("m1", body), ALICE);
    }

    /** Alice's INBOX UID 1 moved to Archive by a command whose commit fails after its journal write. */
    private static void moveWhoseCommitFails(Site site) {
        aliceWithOneMessage(site, "to be moved");
        long inbox = site.mailbox(ALICE, "INBOX").id();
        long archive = site.mailbox(ALICE, "Archive").id();
        failNextCommit(site);
        assertThrows(StoreException.class, () -> site.store().messages().move(site.get(ALICE), inbox, List.of(1L), archive));
    }

    /** What a SIGKILL leaves: the store gone before any later transaction could settle the failed commit. */
    private static void crashAndRestart(Site site) throws IOException {
        site.stop();
        site.start();
    }

    private static AppendResult append(Site site, String mailbox, String subject, String body) {
        return site.store().messages().append(site.get(ALICE), mailbox,
                new ByteArrayInputStream(Site.message(subject, body).getBytes(StandardCharsets.UTF_8)), Flags.NONE,
                Instant.parse("2026-11-26T06:00:00Z"));
    }

    private static List<Long> uids(Site site, String mailbox) {
        return site.messages(ALICE, mailbox).stream().map(MessageView::uid).toList();
    }

    private static List<Long> journaledUids(Site site, String mailbox) throws IOException {
        long id = site.mailbox(ALICE, mailbox).id();
        try (Stream<JournalEntry> entries = JournalReader.readAll(site.journalDir)) {
            return entries.map(JournalEntry::record).filter(r -> r instanceof JournalRecord.MessageAppended a && a.mailboxId() == id && a.uid() > 1)
                    .map(r -> ((JournalRecord.MessageAppended) r).uid()).toList();
        }
    }

    private static final int GATE = 4242;

    /** The next COMMIT that inserts a message fails, at the COMMIT itself (after the transaction's journal write). */
    private static void failNextCommit(Site site) {
        installFirstCommitFault(site, "P0001", false);
    }

    /**
     * A deferred trigger on messages that fails the first COMMIT after it is installed with SQLSTATE {@code errcode},
     * after taking the advisory lock {@link #GATE} when {@code gated} (the test holds it to decide when). A sequence
     * counts the commits because a sequence does not roll back.
     */
    private static void installFirstCommitFault(Site site, String errcode, boolean gated) {
        DSLContext dsl = DSL.using(site.dataSource(), SQLDialect.POSTGRES);
        dsl.execute("CREATE SEQUENCE faulted_commits");
        dsl.execute("""
                CREATE FUNCTION fail_first_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF nextval('faulted_commits') = 1 THEN
                    %s
                    RAISE EXCEPTION 'injected commit failure' USING ERRCODE = '%s';
                  END IF;
                  RETURN NULL;
                END $$""".formatted(gated ? "PERFORM pg_advisory_xact_lock(" + GATE + ");" : "", errcode));
        dsl.execute("CREATE CONSTRAINT TRIGGER fail_first_commit AFTER INSERT ON messages DEFERRABLE INITIALLY DEFERRED "
                + "FOR EACH ROW EXECUTE FUNCTION fail_first_commit()");
    }

    /** Waits until {@code count} backends of this test's database wait on a heavyweight lock of type {@code lockType}. */
    private static void awaitBackendsWaiting(Site site, String lockType, int count) throws InterruptedException {
        DSLContext dsl = DSL.using(site.dataSource(), SQLDialect.POSTGRES);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        var waiting = DSL.field("datname").eq(DSL.field("current_database()"))
                .and(DSL.field("wait_event_type").eq("Lock")).and(DSL.field("wait_event").eq(lockType));
        while (dsl.fetchCount(DSL.table("pg_stat_activity"), waiting) < count) {
            if (System.nanoTime() > deadline) throw new AssertionError("no backend waits on a " + lockType + " lock");
            Thread.sleep(20);
        }
    }
}

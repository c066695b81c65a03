package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.MAILBOXES;

import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.mailstore.store.journal.JournalRecord;
import org.mailstore.store.maintenance.MailboxRepairs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journal records of transactions whose commit failed after the records were made durable (invariant 5 writes the
 * journal first). The database may or may not have committed them: PostgreSQL can die during the commit.
 *
 * <p>If it did not, the mailbox's UIDNEXT and HIGHESTMODSEQ are still below the journaled UIDs and MODSEQs, and the
 * next write would hand the same UID to another message: the journal would then name two messages with one UID, and
 * the reconciler would have to give the mailbox a new UIDVALIDITY. So before the next transaction of this store runs,
 * {@link #resolve} settles each such record in the database: a journaled message whose row is there or whose UID is
 * recorded as expunged committed ({@link CommitEvidence}); any other is recorded as expunged (so the reconciler does not put back
 * a message its client was told failed) with UIDNEXT raised above it; HIGHESTMODSEQ is raised to every journaled
 * MODSEQ, so a rolled-back expunge stays one the database "has seen past". Mailbox records (create, rename, delete)
 * are left as they are: replaying one hands out no UID.
 *
 * <p>The records' UIDs stay claimed ({@link UidClaims}) until they are settled or dropped, so no transaction already
 * past the check above (waiting on the mailbox row when the failed one rolled back) can journal them again.
 *
 * <p>Held in memory: if this process dies before the database is back, the records stay unsettled, and a later
 * reconcile may find the UID conflict this class prevents (it keeps every message then; nothing is lost).
 */
final class InDoubtCommits {
    private static final Logger log = LoggerFactory.getLogger(InDoubtCommits.class);

    /** Bounds what a long database outage can pile up; beyond it the oldest are dropped with a warning. */
    static final int MAX_RECORDS = 100_000;

    private final List<JournalRecord> records = new ArrayList<>();
    private final UidClaims claims;
    private volatile boolean pending;

    InDoubtCommits(UidClaims claims) {
        this.claims = claims;
    }

    synchronized void add(List<JournalRecord> journaled) {
        for (JournalRecord r : journaled) {
            if (r instanceof JournalRecord.MessageAppended || r instanceof JournalRecord.MessagesExpunged) records.add(r);
        }
        if (records.size() > MAX_RECORDS) {
            int dropped = records.size() - MAX_RECORDS;
            List<JournalRecord> oldest = records.subList(0, dropped);
            claims.release(oldest);
            oldest.clear();
            log.warn("more than {} journal records await their commit's outcome; dropped the {} oldest "
                    + "(a reconcile may report UID conflicts for them)", MAX_RECORDS, dropped);
        }
        pending = !records.isEmpty();
        if (pending) log.warn("commit failed after its journal write: {} journal record(s) in doubt until the database answers", records.size());
    }

    boolean pending() {
        return pending;
    }

    synchronized List<JournalRecord> snapshot() {
        return List.copyOf(records);
    }

    /** Forgets {@code settled}, and releases their UIDs, once the transaction that settled them has committed. */
    synchronized void settled(List<JournalRecord> settled) {
        records.removeAll(settled);
        claims.release(settled);
        pending = !records.isEmpty();
    }

    /** Settles {@code doubtful} inside transaction {@code tx}; see the class comment. */
    static void resolve(DSLContext tx, List<JournalRecord> doubtful) {
        JournaledMailbox.group(doubtful).forEach((box, rs) -> resolveMailbox(tx, box, rs));
    }

    private static void resolveMailbox(DSLContext tx, JournaledMailbox box, List<JournalRecord> rs) {
        Record3<Long, Long, Long> row = tx.select(MAILBOXES.UIDVALIDITY, MAILBOXES.UIDNEXT, MAILBOXES.HIGHESTMODSEQ)
                .from(MAILBOXES).where(MAILBOXES.ACCOUNT_ID.eq(box.accountId()).and(MAILBOXES.MAILBOX_ID.eq(box.mailboxId())))
                .forUpdate().fetchOne();
        if (row == null || row.value1() != box.uidValidity()) return;
        CommitEvidence evidence = CommitEvidence.read(tx, box, rs);
        long modseq = row.value3();
        long uidNext = row.value2();
        List<Long> rolledBack = new ArrayList<>();
        for (JournalRecord r : rs) {
            switch (r) {
                case JournalRecord.MessageAppended a -> {
                    modseq = Math.max(modseq, a.modseq());
                    if (evidence.heldForAnother(a)) {
                        log.warn("mailbox {} of {}: UID {} was journaled for one message and given to another before the failed "
                                + "commit was settled; a reconcile will report the conflict", box.mailboxId(), box.address(), a.uid());
                    }
                    if (!evidence.committed(a)) {
                        rolledBack.add(a.uid());
                        uidNext = Math.max(uidNext, a.uid() + 1);
                    }
                }
                case JournalRecord.MessagesExpunged e -> modseq = Math.max(modseq, e.modseq());
                default -> { }
            }
        }
        if (!rolledBack.isEmpty()) {
            modseq++;
            MailboxRepairs.expunge(tx, box.accountId(), box.mailboxId(), rolledBack.stream().mapToLong(Long::longValue).toArray(), modseq);
        }
        MailboxRepairs.raiseCounters(tx, box.accountId(), box.mailboxId(), uidNext, modseq);
        log.info("settled an interrupted commit in mailbox {} of {}: {} journaled message(s) rolled back {}, UIDNEXT {}, HIGHESTMODSEQ {}",
                box.mailboxId(), box.address(), rolledBack.size(), rolledBack, uidNext, modseq);
    }
}

package org.mailstore.reconciler;

import static org.mailstore.reconciler.Findings.details;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.store.Flags;
import org.mailstore.store.maintenance.JournalSink;
import org.mailstore.store.maintenance.JournaledUidRepair;
import org.mailstore.store.maintenance.MailboxContents;
import org.mailstore.store.maintenance.MailboxRenumbering;
import org.mailstore.store.maintenance.MailboxRepairs;
import org.mailstore.store.maintenance.Progress;
import org.mailstore.store.maintenance.ReplayedMessage;
import org.mailstore.store.maintenance.StoredMessage;

/**
 * Compares the journal's facts with the database UID by UID, one mailbox at a time: the sorted
 * facts of a mailbox are merged with its message rows and expunged UIDs (both read in UID order
 * over the journal's UID range), so memory holds one UID's facts, never a mailbox.
 *
 * <h2>Rules, per UID (H is the mailbox's HIGHESTMODSEQ in the database before this run)</h2>
 * The first two are {@link JournaledUidRepair}'s, which serve's settling of its previous run applies too.
 * <ul>
 * <li>A journal expunge at MODSEQ M &gt; H is honoured: the row goes, or (no row) the UID is
 *     recorded as expunged, so nothing expunged comes back. With M &le; H the database has seen
 *     that change and still holds the message: the expunge's transaction rolled back; reported only.
 * <li>Otherwise, a UID the database neither holds nor has recorded as expunged is put back with
 *     its original UID, internal date and delivery-time flags, if its blob is in the tree.
 * <li>A UID whose live message has a different blob than a journal record for that UID, or that
 *     the journal gives two different blobs, may have named two messages: a record may belong to
 *     a transaction that rolled back after the journal write, whose UID was then given to another
 *     message, or the database was restored and used before this reconcile. Which one clients saw
 *     cannot be known, so the mailbox gets a new UIDVALIDITY and its messages new UIDs, and the
 *     other candidates are kept as extra messages (a possible duplicate, never a loss).
 * <li>UIDNEXT ends above every UID the journal shows handed out and HIGHESTMODSEQ at least at the
 *     highest MODSEQ it shows. Rows this run writes get one new MODSEQ above both, so CONDSTORE
 *     clients fetch their (delivery-time) flags again.
 * </ul>
 */
final class MessagePhase {
    /** Replayed messages per repair transaction. */
    static final int REPLAY_BATCH = 500;
    /** Expunged UIDs per repair transaction. */
    static final int EXPUNGE_BATCH = 5_000;

    private final Map<Integer, Target> targets;
    private final Findings findings;
    private final BlobStore blobs;
    private final BlobRows blobRows;
    private final MailboxRows contents;
    private final MailboxRepairs repairs;
    private final MailboxRenumbering renumbering;
    private final JournalSink journal;
    private final Set<Long> touchedAccounts = new TreeSet<>();
    private long replayed;

    MessagePhase(Map<Integer, Target> targets, Findings findings, BlobStore blobs, BlobRows blobRows, MailboxContents contents,
                 MailboxRepairs repairs, MailboxRenumbering renumbering, JournalSink journal) {
        this.targets = targets;
        this.findings = findings;
        this.blobs = blobs;
        this.blobRows = blobRows;
        this.contents = new MailboxRows(contents, MailboxRows.plan(targets));
        this.repairs = repairs;
        this.renumbering = renumbering;
        this.journal = journal;
    }

    void run(CloseableIterator<MessageFact> facts, Progress progress) {
        while (facts.hasNext()) {
            int mailbox = facts.peek().mailbox();
            Target target = targets.get(mailbox);
            if (target == null) {
                while (facts.hasNext() && facts.peek().mailbox() == mailbox) {
                    facts.next();
                    progress.advance(1);
                }
                continue;
            }
            new MailboxRun(target).run(facts, progress);
        }
        if (!findings.check()) touchedAccounts.forEach(repairs::recountQuota);
    }

    long replayed() {
        return replayed;
    }

    /** The work on one mailbox. */
    private final class MailboxRun {
        private final Target target;
        private final JournalMailbox jm;
        private final long highestModseq;
        private final long repairModseq;
        private final List<ReplayedMessage> replays = new ArrayList<>();
        private final List<Long> expunges = new ArrayList<>();
        private final List<ReplayedMessage> extras = new ArrayList<>();
        private final List<Long> conflicts = new ArrayList<>();
        private long replayedHere;
        private boolean changed;

        MailboxRun(Target target) {
            this.target = target;
            this.jm = target.journal();
            this.highestModseq = target.highestModseq();
            this.repairModseq = Math.max(highestModseq, jm.maxModseq) + 1;
        }

        void run(CloseableIterator<MessageFact> facts, Progress progress) {
            try (CloseableIterator<StoredMessage> rows = contents.rows(target); CloseableIterator<Long> expunged = contents.expunged(target)) {
                while (facts.hasNext() && facts.peek().mailbox() == jm.index) {
                    long uid = facts.peek().uid();
                    List<MessageFact> group = new ArrayList<>();
                    while (facts.hasNext() && facts.peek().mailbox() == jm.index && facts.peek().uid() == uid) group.add(facts.next());
                    while (rows.hasNext() && rows.peek().uid() < uid) rows.next();
                    StoredMessage row = rows.hasNext() && rows.peek().uid() == uid ? rows.next() : null;
                    while (expunged.hasNext() && expunged.peek() < uid) expunged.next();
                    boolean recorded = expunged.hasNext() && expunged.peek() == uid;
                    uid(uid, group, row, recorded);
                    progress.advance(group.size());
                }
            }
            flush();
            counters();
            if (!conflicts.isEmpty()) renumber();
            if (replayedHere > 0) {
                findings.info(FindingKind.FLAGS_FROM_DELIVERY, where("messages", replayedHere,
                        "note", "messages put back carry the flags they had at delivery; later flag changes are lost"));
            }
        }

        private void uid(long uid, List<MessageFact> group, StoredMessage row, boolean recorded) {
            long expungedAt = 0;
            Map<BlobId, MessageFact> appended = new LinkedHashMap<>();
            for (MessageFact f : group) {
                if (f.kind() == MessageFact.Kind.EXPUNGED) {
                    expungedAt = Math.max(expungedAt, f.modseq());
                } else {
                    appended.merge(f.blob(), f, (a, b) -> b.at().isAfter(a.at()) ? b : a);
                }
            }
            switch (JournaledUidRepair.of(row != null, recorded, !appended.isEmpty(), expungedAt, highestModseq)) {
                case EXPUNGE -> {
                    if (row != null) expunge(uid, row.blob(), "row removed");
                    else expunge(uid, null, "recorded as expunged");
                }
                case PUT_BACK -> {
                    List<MessageFact> candidates = new ArrayList<>(appended.values());
                    candidates.sort((a, b) -> a.at().compareTo(b.at()));
                    MessageFact first = candidates.removeFirst();
                    if (available(first)) replay(first);
                    if (!candidates.isEmpty()) conflict(uid, first.blob(), candidates);
                }
                case NONE -> {
                    if (row == null) return;
                    if (expungedAt > 0) {
                        findings.info(FindingKind.EXPUNGE_NOT_HONOURED, where("uid", uid, "note",
                                "the database has seen past this expunge and still holds the message: the expunge rolled back"));
                    }
                    appended.remove(row.blob());
                    if (!appended.isEmpty()) conflict(uid, row.blob(), appended.values());
                }
            }
        }

        private void replay(MessageFact f) {
            findings.repairable(FindingKind.MESSAGE_REPLAYED, where("uid", f.uid(), "blob", f.blob().hex(), "internalDate",
                    f.internalDate().toString()));
            replays.add(toReplayed(f, f.uid()));
            replayedHere++;
            replayed++;
            if (replays.size() >= REPLAY_BATCH) flush();
        }

        private void expunge(long uid, BlobId blob, String action) {
            findings.repairable(FindingKind.EXPUNGE_REPLAYED, blob == null ? where("uid", uid, "action", action)
                    : where("uid", uid, "blob", blob.hex(), "action", action));
            expunges.add(uid);
            if (expunges.size() >= EXPUNGE_BATCH) flush();
        }

        private void conflict(long uid, BlobId kept, Iterable<MessageFact> others) {
            List<String> blobsOfUid = new ArrayList<>();
            blobsOfUid.add(kept.hex());
            for (MessageFact f : others) {
                blobsOfUid.add(f.blob().hex());
                if (available(f)) extras.add(toReplayed(f, 0));
            }
            findings.repairable(FindingKind.UID_CONFLICT, where("uid", uid, "blobs", blobsOfUid,
                    "note", "one UID named different messages; the mailbox gets a new UIDVALIDITY and keeps all of them"));
            conflicts.add(uid);
        }

        private boolean available(MessageFact f) {
            try {
                if (blobs.exists(f.blob())) return true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot look for blob " + f.blob().hex() + ": " + e.getMessage(), e);
            }
            findings.unresolved(FindingKind.JOURNAL_BLOB_MISSING, where("uid", f.uid(), "blob", f.blob().hex(),
                    "note", "restore this blob into the blob tree and run reconcile again to put the message back"));
            return false;
        }

        private void flush() {
            if (findings.check() || target.db() == null) {
                changed |= !replays.isEmpty() || !expunges.isEmpty();
                replays.clear();
                expunges.clear();
                return;
            }
            long account = target.db().accountId();
            long mailbox = target.db().mailboxId();
            if (!replays.isEmpty()) {
                blobRows.ensure(BlobRows.of(replays));
                repairs.replay(account, mailbox, List.copyOf(replays), repairModseq);
                replays.clear();
                changed = true;
                touchedAccounts.add(account);
            }
            if (!expunges.isEmpty()) {
                repairs.expunge(account, mailbox, expunges.stream().mapToLong(Long::longValue).toArray(), repairModseq);
                expunges.clear();
                changed = true;
                touchedAccounts.add(account);
            }
        }

        private void counters() {
            long uidNext = Math.max(target.uidNext(), jm.maxUid + 1);
            long modseq = Math.max(highestModseq, jm.maxModseq);
            if (!target.created()) {
                if (uidNext > target.uidNext()) findings.repairable(FindingKind.UIDNEXT_RAISED, where("from", target.uidNext(), "to", uidNext));
                if (modseq > highestModseq) findings.repairable(FindingKind.HIGHESTMODSEQ_RAISED, where("from", highestModseq, "to", modseq));
            }
            if (changed) modseq = repairModseq;
            if (!findings.check() && target.db() != null) {
                repairs.raiseCounters(target.db().accountId(), target.db().mailboxId(), uidNext, modseq);
            }
        }

        private void renumber() {
            Map<String, Object> d = where("conflictingUids", conflicts, "extraMessages", extras.size());
            if (findings.check() || target.db() == null) {
                findings.repairable(FindingKind.UIDVALIDITY_BUMPED, d);
                return;
            }
            blobRows.ensure(BlobRows.of(extras));
            MailboxRenumbering.Result r = renumbering.renumber(target.db().accountId(), target.db().mailboxId(), List.copyOf(extras), journal);
            d.put("newUidValidity", r.newUidValidity());
            d.put("messages", r.messages());
            findings.repairable(FindingKind.UIDVALIDITY_BUMPED, d);
            touchedAccounts.add(target.db().accountId());
        }

        /** Details naming this mailbox, then {@code more}. */
        private Map<String, Object> where(Object... more) {
            Map<String, Object> d = details("account", jm.address, "mailbox", target.db() != null ? target.db().name() : jm.name,
                    "uidValidity", jm.uidValidity);
            d.putAll(details(more));
            return d;
        }

        private static ReplayedMessage toReplayed(MessageFact f, long uid) {
            return new ReplayedMessage(uid, f.blob(), f.internalDate(), f.size(), Flags.of(f.flags()));
        }
    }
}

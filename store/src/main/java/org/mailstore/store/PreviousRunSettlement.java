package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.BLOBS;
import static org.mailstore.schema.jooq.Tables.MAILBOXES;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.store.journal.JournalEntry;
import org.mailstore.store.journal.JournalReader;
import org.mailstore.store.journal.JournalRecord;
import org.mailstore.store.maintenance.JournaledUidRepair;
import org.mailstore.store.maintenance.MailboxRepairs;
import org.mailstore.store.maintenance.ReplayedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What serve does at startup with the journal its own previous run left: the transactions in flight when that run
 * died (SIGKILL, power loss) had their journal records made durable but may not have committed. Left alone, the
 * database's UIDNEXT is still below such a record's UID and the next message would be given it: one UID naming two
 * messages, which a reconcile can only repair with a new UIDVALIDITY. {@link InDoubtCommits} covers a failed commit in
 * a living process; this covers the dead one.
 *
 * <p>It settles them by the reconciler's own per-UID rules ({@link JournaledUidRepair}): a journaled message the
 * database neither holds nor has recorded as expunged is put back at its UID (its {@code blobs} row rebuilt from the
 * blob if that rolled back too), a journaled expunge above HIGHESTMODSEQ is carried out, and UIDNEXT and
 * HIGHESTMODSEQ end above everything journaled. So an interrupted command ends as if it had committed; its client never heard either way
 * (an MTA retries, which may deliver twice; never a loss). Settling them as rolled back instead would be wrong here:
 * after a database restore that skipped the reconcile, it would drop acknowledged messages.
 *
 * <p>Only the tail of the instance's newest segment is read ({@link #TAIL_RECORDS}): records in flight at a crash are
 * the last ones written, since a transaction commits right after its append returns.
 */
final class PreviousRunSettlement {
    private static final Logger log = LoggerFactory.getLogger(PreviousRunSettlement.class);

    /** Covers every transaction that can be in flight: the pool's connections, each with up to a few hundred records. */
    static final int TAIL_RECORDS = 20_000;

    private final DSLContext dsl;
    private final MailboxRepairs repairs;
    private final BlobStore blobs;

    PreviousRunSettlement(DataSource ds, BlobStore blobs) {
        this.dsl = DSL.using(ds, SQLDialect.POSTGRES);
        this.repairs = new MailboxRepairs(ds);
        this.blobs = blobs;
    }

    /** The newest segment {@code instanceId} has in {@code journalDir}, before this run opens its own. */
    static Optional<String> newestSegment(Path journalDir, String instanceId) throws IOException {
        if (!journalDir.toFile().isDirectory()) return Optional.empty();
        Pattern own = Pattern.compile(Pattern.quote(instanceId) + "-[0-9]{12}\\.journal");
        return JournalReader.segments(journalDir).stream().filter(n -> own.matcher(n).matches()).reduce((a, b) -> b);
    }

    /** @return how many mailboxes needed settling */
    int settle(Path journalDir, String segment) throws IOException {
        int settled = 0;
        for (Map.Entry<JournaledMailbox, List<JournalRecord>> e : JournaledMailbox.group(tail(journalDir, segment)).entrySet()) {
            if (settleMailbox(e.getKey(), e.getValue(), segment)) settled++;
        }
        return settled;
    }

    private static List<JournalRecord> tail(Path journalDir, String segment) throws IOException {
        ArrayDeque<JournalRecord> tail = new ArrayDeque<>();
        try (Stream<JournalEntry> entries = JournalReader.readSegments(journalDir, List.of(segment))) {
            entries.map(JournalEntry::record)
                    .filter(r -> r instanceof JournalRecord.MessageAppended || r instanceof JournalRecord.MessagesExpunged)
                    .forEach(r -> {
                        if (tail.size() == TAIL_RECORDS) tail.removeFirst();
                        tail.addLast(r);
                    });
        }
        return List.copyOf(tail);
    }

    private boolean settleMailbox(JournaledMailbox box, List<JournalRecord> records, String segment) throws IOException {
        Record3<Long, Long, Long> row = dsl.select(MAILBOXES.UIDVALIDITY, MAILBOXES.UIDNEXT, MAILBOXES.HIGHESTMODSEQ).from(MAILBOXES)
                .where(MAILBOXES.ACCOUNT_ID.eq(box.accountId()).and(MAILBOXES.MAILBOX_ID.eq(box.mailboxId()))).fetchOne();
        if (row == null || row.value1() != box.uidValidity()) return false;
        long uidNext = row.value2();
        long highestModseq = row.value3();
        long maxUid = 0;
        long maxModseq = 0;
        Map<Long, JournalRecord.MessageAppended> appended = new HashMap<>();
        SortedMap<Long, Long> expungedAt = new TreeMap<>();
        for (JournalRecord r : records) {
            if (r instanceof JournalRecord.MessageAppended a) {
                appended.putIfAbsent(a.uid(), a);
                maxUid = Math.max(maxUid, a.uid());
                maxModseq = Math.max(maxModseq, a.modseq());
            } else if (r instanceof JournalRecord.MessagesExpunged e) {
                for (long u : e.uids()) expungedAt.merge(u, e.modseq(), Math::max);
                maxModseq = Math.max(maxModseq, e.modseq());
            }
        }
        if (maxUid < uidNext && maxModseq <= highestModseq) return false;

        CommitEvidence evidence = CommitEvidence.read(dsl, box, records);
        SortedSet<Long> uids = new TreeSet<>(appended.keySet());
        uids.addAll(expungedAt.keySet());
        List<ReplayedMessage> putBack = new ArrayList<>();
        List<Long> toExpunge = new ArrayList<>();
        for (long uid : uids) {
            JournaledUidRepair repair = JournaledUidRepair.of(evidence.held(uid), evidence.recordedExpunged(uid), appended.containsKey(uid),
                    expungedAt.getOrDefault(uid, 0L), highestModseq);
            switch (repair) {
                case PUT_BACK -> {
                    JournalRecord.MessageAppended a = appended.get(uid);
                    if (available(a)) {
                        putBack.add(new ReplayedMessage(uid, BlobId.of(a.blobHash()), a.internalDate(), a.size(), Flags.of(a.flags())));
                    }
                }
                case EXPUNGE -> toExpunge.add(uid);
                case NONE -> { }
            }
        }
        long modseq = Math.max(highestModseq, maxModseq) + (putBack.isEmpty() && toExpunge.isEmpty() ? 0 : 1);
        ensureBlobRows(putBack);
        repairs.replay(box.accountId(), box.mailboxId(), putBack, modseq);
        repairs.expunge(box.accountId(), box.mailboxId(), toExpunge.stream().mapToLong(Long::longValue).toArray(), modseq);
        repairs.raiseCounters(box.accountId(), box.mailboxId(), Math.max(uidNext, maxUid + 1), modseq);
        if (!putBack.isEmpty() || !toExpunge.isEmpty()) repairs.recountQuota(box.accountId());
        log.warn("the previous run of this instance ended with uncommitted journal records (segment {}) in mailbox {} of {}: "
                        + "put back UIDs {}, expunged UIDs {}, UIDNEXT now at least {}, HIGHESTMODSEQ {}", segment, box.mailboxId(), box.address(),
                putBack.stream().map(ReplayedMessage::uid).toList(), toExpunge, Math.max(uidNext, maxUid + 1), modseq);
        return true;
    }

    private boolean available(JournalRecord.MessageAppended a) throws IOException {
        if (blobs.exists(BlobId.of(a.blobHash()))) return true;
        log.warn("journaled UID {} in mailbox {} of {}: its blob is not in the store; left for the reconciler", a.uid(), a.mailboxId(), a.address());
        return false;
    }

    /** A blob whose first delivery rolled back lost its {@code blobs} row with it. */
    private void ensureBlobRows(List<ReplayedMessage> putBack) throws IOException {
        for (ReplayedMessage m : putBack) {
            if (dsl.fetchExists(BLOBS, BLOBS.BLOB_HASH.eq(m.blob().bytes()))) continue;
            BlobRows.Row row = BlobRows.Row.read(blobs, m.blob());
            dsl.transaction(c -> BlobRows.insert(c.dsl(), row));
        }
    }
}

package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.EXPUNGED;
import static org.mailstore.schema.jooq.Tables.MESSAGES;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.mailstore.store.journal.JournalRecord;

/**
 * What the database shows of the UIDs one mailbox's journal records name, read in two queries however many records
 * there are: the blob of each UID's row, and the UIDs recorded as expunged. It answers "did this journaled
 * transaction commit?" for both settlers of records whose commit is in doubt ({@link InDoubtCommits},
 * {@link PreviousRunSettlement}).
 */
final class CommitEvidence {
    private final Map<Long, byte[]> rows;
    private final Set<Long> expunged;

    private CommitEvidence(Map<Long, byte[]> rows, Set<Long> expunged) {
        this.rows = rows;
        this.expunged = expunged;
    }

    /** Reads what {@code box} holds of the UIDs in {@code records} (its message records; others are ignored). */
    static CommitEvidence read(DSLContext dsl, JournaledMailbox box, Collection<JournalRecord> records) {
        Set<Long> uids = new HashSet<>();
        for (JournalRecord r : records) {
            switch (r) {
                case JournalRecord.MessageAppended a -> uids.add(a.uid());
                case JournalRecord.MessagesExpunged e -> { for (long u : e.uids()) uids.add(u); }
                default -> { }
            }
        }
        Long[] asked = uids.toArray(Long[]::new);
        Map<Long, byte[]> rows = new HashMap<>();
        dsl.select(MESSAGES.UID, MESSAGES.BLOB_HASH).from(MESSAGES)
                .where(Messages.inMailbox(box.accountId(), box.mailboxId()).and(MESSAGES.UID.eq(DSL.any(asked))))
                .forEach(r -> rows.put(r.value1(), r.value2()));
        Set<Long> expunged = new HashSet<>(dsl.select(EXPUNGED.UID).from(EXPUNGED)
                .where(EXPUNGED.ACCOUNT_ID.eq(box.accountId()).and(EXPUNGED.MAILBOX_ID.eq(box.mailboxId())).and(EXPUNGED.UID.eq(DSL.any(asked))))
                .fetch(EXPUNGED.UID));
        return new CommitEvidence(rows, expunged);
    }

    /** The journaled append committed: its UID has a row, or was recorded as expunged since. */
    boolean committed(JournalRecord.MessageAppended a) {
        return held(a.uid()) || recordedExpunged(a.uid());
    }

    /** The UID has a message row, whichever blob it holds. */
    boolean held(long uid) {
        return rows.containsKey(uid);
    }

    /** The UID's row holds a blob other than the one {@code a} journaled: one UID may have named two messages. */
    boolean heldForAnother(JournalRecord.MessageAppended a) {
        byte[] blob = rows.get(a.uid());
        return blob != null && !Arrays.equals(blob, a.blobHash());
    }

    boolean recordedExpunged(long uid) {
        return expunged.contains(uid);
    }
}

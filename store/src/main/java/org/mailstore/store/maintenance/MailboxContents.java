package org.mailstore.store.maintenance;

import static org.mailstore.schema.jooq.Tables.EXPUNGED;
import static org.mailstore.schema.jooq.Tables.MESSAGES;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobId;
import org.mailstore.schema.jooq.tables.records.MessagesRecord;
import org.mailstore.store.Flags;

/**
 * A mailbox's message rows and expunged UIDs, each streamed in ascending UID order so the
 * reconciler can merge them with the journal's records for that mailbox without holding either.
 * Close the streams.
 */
public final class MailboxContents {
    /** Highest UID an IMAP client can hold. */
    static final long MAX_UID = 4_294_967_295L;

    private final DataSource ds;

    public MailboxContents(DataSource ds) {
        this.ds = ds;
    }

    public Stream<StoredMessage> messages(long accountId, long mailboxId) {
        return messages(accountId, mailboxId, 1, MAX_UID);
    }

    /** The messages with {@code fromUid <= uid <= toUid}: a reconcile reads only the range its journal covers. */
    public Stream<StoredMessage> messages(long accountId, long mailboxId, long fromUid, long toUid) {
        return LazyQuery.stream(ds,
                d -> d.selectFrom(MESSAGES).where(MESSAGES.ACCOUNT_ID.eq(accountId).and(MESSAGES.MAILBOX_ID.eq(mailboxId)))
                        .and(MESSAGES.UID.between(fromUid, toUid))
                        .orderBy(MESSAGES.UID),
                MailboxContents::toStored);
    }

    /** UIDs recorded as expunged (kept for QRESYNC), ascending. */
    public Stream<Long> expungedUids(long accountId, long mailboxId) {
        return expungedUids(accountId, mailboxId, 1, MAX_UID);
    }

    public Stream<Long> expungedUids(long accountId, long mailboxId, long fromUid, long toUid) {
        return LazyQuery.stream(ds,
                d -> d.select(EXPUNGED.UID).from(EXPUNGED).where(EXPUNGED.ACCOUNT_ID.eq(accountId).and(EXPUNGED.MAILBOX_ID.eq(mailboxId)))
                        .and(EXPUNGED.UID.between(fromUid, toUid))
                        .orderBy(EXPUNGED.UID),
                r -> r.value1());
    }

    /** UIDs {@code fromUid..toUid} of one mailbox. */
    public record Range(long accountId, long mailboxId, long fromUid, long toUid) {}

    /**
     * The messages of many small UID ranges in one query, by mailbox id, each list in UID order.
     * For batches whose total size the caller bounds; a large mailbox is better streamed.
     */
    public Map<Long, List<StoredMessage>> messages(List<Range> ranges) {
        Map<Long, List<StoredMessage>> out = new HashMap<>();
        if (ranges.isEmpty()) return out;
        DSL.using(ds, SQLDialect.POSTGRES).selectFrom(MESSAGES).where(any(ranges, MESSAGES.ACCOUNT_ID, MESSAGES.MAILBOX_ID, MESSAGES.UID))
                .orderBy(MESSAGES.ACCOUNT_ID, MESSAGES.MAILBOX_ID, MESSAGES.UID)
                .forEach(r -> out.computeIfAbsent(r.getMailboxId(), m -> new ArrayList<>()).add(toStored(r)));
        return out;
    }

    /** The expunged UIDs of many small UID ranges in one query, by mailbox id, each list ascending. */
    public Map<Long, List<Long>> expungedUids(List<Range> ranges) {
        Map<Long, List<Long>> out = new HashMap<>();
        if (ranges.isEmpty()) return out;
        DSL.using(ds, SQLDialect.POSTGRES).select(EXPUNGED.MAILBOX_ID, EXPUNGED.UID).from(EXPUNGED)
                .where(any(ranges, EXPUNGED.ACCOUNT_ID, EXPUNGED.MAILBOX_ID, EXPUNGED.UID))
                .orderBy(EXPUNGED.ACCOUNT_ID, EXPUNGED.MAILBOX_ID, EXPUNGED.UID)
                .forEach(r -> out.computeIfAbsent(r.value1(), m -> new ArrayList<>()).add(r.value2()));
        return out;
    }

    private static Condition any(List<Range> ranges, Field<Long> account, Field<Long> mailbox, Field<Long> uid) {
        return DSL.or(ranges.stream()
                .map(r -> account.eq(r.accountId()).and(mailbox.eq(r.mailboxId())).and(uid.between(r.fromUid(), r.toUid())))
                .toList());
    }

    static StoredMessage toStored(MessagesRecord r) {
        Flags f = new Flags(r.getSeen(), r.getAnswered(), r.getFlagged(), r.getDeleted(), r.getDraft(), Set.of(r.getKeywords()));
        return new StoredMessage(r.getUid(), r.getModseq(), f, r.getInternalDate().toInstant(), r.getSize(), BlobId.of(r.getBlobHash()));
    }
}

package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.MAILBOXES;
import static org.mailstore.schema.jooq.Tables.MESSAGES;
import static org.mailstore.schema.jooq.Tables.QUOTAS;

import java.time.Instant;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * One message row of an APPEND or a delivery target: the quota charge, the UID and MODSEQ allocation and the insert in
 * one statement, where they were three round trips to PostgreSQL:
 * <pre>
 * WITH charged AS (UPDATE quotas: the size and one message added, if within the limits, RETURNING account_id),
 *      allocated AS (UPDATE mailboxes of the charged account: UIDNEXT and HIGHESTMODSEQ + 1, RETURNING them),
 *      inserted AS (INSERT INTO messages the row with the allocated UID and MODSEQ)
 * SELECT whether the charge was made, and the UID, MODSEQ and UIDVALIDITY allocated (NULL when none was)
 * </pre>
 * {@code allocated} takes its account from {@code charged}, so the quota row is locked before the mailbox row (the
 * store's lock order) and nothing is allocated when the quota refused; invariant 4's allocation is still one
 * {@code UPDATE … RETURNING} on the mailbox row, inside the writing transaction.
 */
final class AppendRow {
    private static final RenderedQuery STATEMENT = render();
    private static final int CHARGED = 0, UID = 1, MODSEQ = 2, UIDVALIDITY = 3;

    /** What was allocated for the row inserted, or the quota's refusal (nothing written then). */
    record Inserted(UidAllocator.Allocation allocation, StoreException refusal) {}

    private AppendRow() {}

    /**
     * Charges {@code size} bytes and one message to the account, allocates a UID in {@code box} and inserts the row.
     *
     * @throws StoreException when the mailbox is gone, has used every UID, or was re-created since {@code box} was read
     */
    static Inserted insert(DSLContext t, MailboxRef box, Flags f, Instant internalDate, long size, byte[] blobHash) {
        Record r = STATEMENT.resultQuery(t, size, box.accountId(), size, box.mailboxId(), f.seen(), f.answered(), f.flagged(),
                f.deleted(), f.draft(), f.keywords().toArray(String[]::new), internalDate.atOffset(ZoneOffset.UTC), size, blobHash).fetchOne();
        if (r.get(CHARGED, Long.class) == 0) return new Inserted(null, QuotaLedger.refusal(t, box.accountId(), box.address(), size));
        Long uid = r.get(UID, Long.class);
        if (uid == null) throw UidAllocator.goneOrFull(t, box);
        if (r.get(UIDVALIDITY, Long.class) != box.uidValidity()) {
            throw new StoreException(StoreException.Reason.CONFLICT, "mailbox " + box.name() + " was re-created meanwhile");
        }
        return new Inserted(new UidAllocator.Allocation(uid, r.get(MODSEQ, Long.class)), null);
    }

    private static RenderedQuery render() {
        var charged = DSL.name("charged").as(QuotaLedger.chargeUpdate(DSL.param("bytes", Long.class), DSL.inline(1L),
                DSL.param("account", Long.class), DSL.param("bytesAgain", Long.class), DSL.inline(1L)).returning(QUOTAS.ACCOUNT_ID));
        Field<Long> chargedAccount = DSL.field(DSL.select(charged.field(QUOTAS.ACCOUNT_ID)).from(charged));
        var allocated = DSL.name("allocated").as(UidAllocator.allocation(DSL.inline(1L), chargedAccount,
                        DSL.param("mailbox", Long.class), DSL.inline(UidAllocator.MAX_UID))
                .returningResult(MAILBOXES.ACCOUNT_ID, MAILBOXES.MAILBOX_ID, MAILBOXES.UIDNEXT.minus(DSL.inline(1L)).as("uid"),
                        MAILBOXES.HIGHESTMODSEQ, MAILBOXES.UIDVALIDITY));
        Field<Long> uid = allocated.field("uid", Long.class);
        var inserted = DSL.name("inserted").as(DSL.insertInto(MESSAGES, MESSAGES.ACCOUNT_ID, MESSAGES.MAILBOX_ID, MESSAGES.UID,
                        MESSAGES.MODSEQ, MESSAGES.SEEN, MESSAGES.ANSWERED, MESSAGES.FLAGGED, MESSAGES.DELETED, MESSAGES.DRAFT,
                        MESSAGES.KEYWORDS, MESSAGES.INTERNAL_DATE, MESSAGES.SIZE, MESSAGES.BLOB_HASH)
                .select(DSL.select(allocated.field(MAILBOXES.ACCOUNT_ID), allocated.field(MAILBOXES.MAILBOX_ID), uid,
                                allocated.field(MAILBOXES.HIGHESTMODSEQ),
                                DSL.param("seen", Boolean.class), DSL.param("answered", Boolean.class), DSL.param("flagged", Boolean.class),
                                DSL.param("deleted", Boolean.class), DSL.param("draft", Boolean.class),
                                DSL.param("keywords", MESSAGES.KEYWORDS.getDataType()),
                                DSL.param("internalDate", MESSAGES.INTERNAL_DATE.getDataType()),
                                DSL.param("size", Long.class), DSL.param("blobHash", MESSAGES.BLOB_HASH.getDataType()))
                        .from(allocated))
                .returning(MESSAGES.UID));
        var one = DSL.selectOne().asTable("one");
        var statement = DSL.with(charged).with(allocated).with(inserted)
                .select(DSL.field(DSL.selectCount().from(charged)).cast(Long.class), uid, allocated.field(MAILBOXES.HIGHESTMODSEQ),
                        allocated.field(MAILBOXES.UIDVALIDITY))
                .from(one).leftJoin(allocated).on(DSL.trueCondition());
        return RenderedQuery.of(statement, "bytes", "account", "bytesAgain", "mailbox", "seen", "answered", "flagged", "deleted", "draft",
                "keywords", "internalDate", "size", "blobHash");
    }
}

package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.MAILBOXES;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.UpdateConditionStep;
import org.mailstore.schema.jooq.tables.records.MailboxesRecord;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Allocates UIDs and MODSEQs with one {@code UPDATE … RETURNING} on the mailbox row inside the
 * writing transaction (invariant 4). The row lock it takes is held until commit, so transactions
 * writing one mailbox commit in UID order: a client never sees UID n+1 before UID n.
 */
final class UidAllocator {
    /** Highest UID an IMAP client can hold (RFC 3501 nz-number is 32-bit). */
    static final long MAX_UID = 4_294_967_295L;

    record Allocation(long firstUid, long modseq) {}

    private static final RenderedQuery ALLOCATE = RenderedQuery.of(allocation(DSL.param("count", Long.class),
                    DSL.param("account", Long.class), DSL.param("mailbox", Long.class), DSL.param("lastFirstUid", Long.class))
            .returningResult(MAILBOXES.UIDNEXT, MAILBOXES.HIGHESTMODSEQ, MAILBOXES.UIDVALIDITY), "count", "account", "mailbox", "lastFirstUid");
    private static final RenderedQuery LOCK_MODSEQ = RenderedQuery.of(DSL.select(MAILBOXES.HIGHESTMODSEQ).from(MAILBOXES)
            .where(Mailboxes.byKeyParams())
            .forUpdate(), "account", "mailbox");
    private static final RenderedQuery LOCK_FOR_CHANGE = RenderedQuery.of(DSL.selectFrom(MAILBOXES)
            .where(Mailboxes.byKeyParams())
            .forUpdate(), "account", "mailbox");
    private static final RenderedQuery RAISE_MODSEQ = RenderedQuery.of(DSL.update(MAILBOXES)
            .set(MAILBOXES.HIGHESTMODSEQ, DSL.param("modseq", Long.class))
            .where(Mailboxes.byKeyParams())
            .and(MAILBOXES.HIGHESTMODSEQ.lt(DSL.param("below", Long.class))), "modseq", "account", "mailbox", "below");

    private UidAllocator() {}

    /**
     * The allocation as an UPDATE of the mailbox row: {@code count} UIDs and one MODSEQ, only while the UIDs stay at
     * or below {@link #MAX_UID} ({@code lastFirstUid} = MAX_UID + 1 - count); for {@link #allocate} and for statements
     * that allocate as one of their steps. No row changed: the mailbox is gone or full ({@link #goneOrFull}).
     */
    static UpdateConditionStep<MailboxesRecord> allocation(Field<Long> count, Field<Long> account, Field<Long> mailbox,
                                                           Field<Long> lastFirstUid) {
        return DSL.update(MAILBOXES)
                .set(MAILBOXES.UIDNEXT, MAILBOXES.UIDNEXT.plus(count))
                .set(MAILBOXES.HIGHESTMODSEQ, MAILBOXES.HIGHESTMODSEQ.plus(DSL.inline(1L)))
                .where(MAILBOXES.ACCOUNT_ID.eq(account)).and(MAILBOXES.MAILBOX_ID.eq(mailbox))
                .and(MAILBOXES.UIDNEXT.le(lastFirstUid));
    }

    /** Reserves {@code count} consecutive UIDs and one new MODSEQ. */
    static Allocation allocate(DSLContext tx, MailboxRef box, int count) {
        // uidnext + count <= MAX_UID + 1, with count bound once
        Record r = ALLOCATE.resultQuery(tx, (long) count, box.accountId(), box.mailboxId(), MAX_UID + 1 - count).fetchOne();
        if (r == null) throw goneOrFull(tx, box);
        if (r.get(MAILBOXES.UIDVALIDITY) != box.uidValidity()) {
            throw new StoreException(StoreException.Reason.CONFLICT, "mailbox " + box.name() + " was re-created meanwhile");
        }
        return new Allocation(r.get(MAILBOXES.UIDNEXT) - count, r.get(MAILBOXES.HIGHESTMODSEQ));
    }

    /**
     * Locks the mailbox row and returns its HIGHESTMODSEQ, for a change (flags, expunge) that learns
     * only while running whether it changes anything; follow with {@link #raiseModseq} if it did,
     * so a command that changes nothing uses up no MODSEQ.
     */
    static long lockModseq(DSLContext tx, MailboxRef box) {
        Long modseq = LOCK_MODSEQ.resultQuery(tx, box.accountId(), box.mailboxId()).fetchOne(MAILBOXES.HIGHESTMODSEQ);
        if (modseq == null) throw goneOrFull(tx, box);
        return modseq;
    }

    /** A mailbox row locked for a change, with the HIGHESTMODSEQ it had. */
    record Locked(MailboxRef box, long modseq) {}

    /**
     * {@link Mailboxes#ref(DSLContext, Account, long)} and {@link #lockModseq} in one statement: the mailbox row by id,
     * locked, or NO_SUCH_MAILBOX.
     */
    static Locked lockForChange(DSLContext tx, Account account, long mailboxId) {
        MailboxesRecord r = LOCK_FOR_CHANGE.resultQuery(tx, MAILBOXES, account.id(), mailboxId).fetchOne();
        if (r == null) throw new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "no such mailbox (id " + mailboxId + ")");
        return new Locked(new MailboxRef(account.id(), account.address(), r.getMailboxId(), r.getName(), r.getUidvalidity()),
                r.getHighestmodseq());
    }

    static void raiseModseq(DSLContext tx, MailboxRef box, long modseq) {
        RAISE_MODSEQ.query(tx, modseq, box.accountId(), box.mailboxId(), modseq).execute();
    }

    /** Why an allocation in {@code box} changed no row: the mailbox is gone, or has used every UID. */
    static StoreException goneOrFull(DSLContext tx, MailboxRef box) {
        boolean exists = tx.fetchExists(MAILBOXES,
                MAILBOXES.ACCOUNT_ID.eq(box.accountId()).and(MAILBOXES.MAILBOX_ID.eq(box.mailboxId())));
        return exists
                ? new StoreException(StoreException.Reason.NOT_ALLOWED, "mailbox " + box.name() + " has used every UID; it must be re-created")
                : new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "mailbox " + box.name() + " no longer exists");
    }
}

package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.QUOTAS;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.UpdateConditionStep;
import org.jooq.impl.DSL;
import org.mailstore.schema.jooq.tables.records.QuotasRecord;

/**
 * Charges and credits an account's usage inside the transaction that adds or removes the messages,
 * so usage can never drift from the rows it counts. Charging locks the account's quota row first,
 * which is the first lock of the store's lock order (see {@link Transactions}).
 */
final class QuotaLedger {
    private static final RenderedQuery CHARGE = RenderedQuery.of(chargeUpdate(DSL.param("bytes", Long.class),
            DSL.param("messages", Long.class), DSL.param("account", Long.class), DSL.param("bytesAgain", Long.class),
            DSL.param("messagesAgain", Long.class)), "bytes", "messages", "account", "bytesAgain", "messagesAgain");
    private static final RenderedQuery CREDIT = RenderedQuery.of(creditUpdate(DSL.param("bytes", Long.class),
            DSL.param("messages", Long.class), DSL.param("account", Long.class)), "bytes", "messages", "account");
    private static final RenderedQuery LOCK = RenderedQuery.of(DSL.select(QUOTAS.ACCOUNT_ID).from(QUOTAS)
            .where(QUOTAS.ACCOUNT_ID.eq(DSL.param("account", Long.class))).forUpdate(), "account");

    private QuotaLedger() {}

    /**
     * The charge as an UPDATE that changes the quota row only when the usage stays within both limits (so no row
     * means a refusal), for {@link #charge} and for statements that charge as one of their steps. Each amount is
     * given twice, since a rendered statement binds every value once.
     */
    static UpdateConditionStep<QuotasRecord> chargeUpdate(Field<Long> bytes, Field<Long> messages, Field<Long> account,
                                                          Field<Long> bytesAgain, Field<Long> messagesAgain) {
        return DSL.update(QUOTAS)
                .set(QUOTAS.STORAGE_USED, QUOTAS.STORAGE_USED.plus(bytes))
                .set(QUOTAS.MESSAGES_USED, QUOTAS.MESSAGES_USED.plus(messages))
                .where(QUOTAS.ACCOUNT_ID.eq(account))
                .and(QUOTAS.STORAGE_LIMIT.isNull().or(QUOTAS.STORAGE_USED.plus(bytesAgain).le(QUOTAS.STORAGE_LIMIT)))
                .and(QUOTAS.MESSAGE_LIMIT.isNull().or(QUOTAS.MESSAGES_USED.plus(messagesAgain).le(QUOTAS.MESSAGE_LIMIT)));
    }

    /** The credit as an UPDATE, for {@link #credit} and for statements that credit as one of their steps. */
    static UpdateConditionStep<QuotasRecord> creditUpdate(Field<Long> bytes, Field<Long> messages, Field<Long> account) {
        return DSL.update(QUOTAS)
                .set(QUOTAS.STORAGE_USED, QUOTAS.STORAGE_USED.minus(bytes))
                .set(QUOTAS.MESSAGES_USED, QUOTAS.MESSAGES_USED.minus(messages))
                .where(QUOTAS.ACCOUNT_ID.eq(account));
    }

    /** Adds usage when it fits the limits; otherwise throws OVER_QUOTA or MESSAGE_TOO_LARGE_FOR_QUOTA. */
    static void charge(DSLContext tx, long accountId, String address, long bytes, long messages) {
        int updated = CHARGE.query(tx, bytes, messages, accountId, bytes, messages).execute();
        if (updated == 1) return;
        throw refusal(tx, accountId, address, bytes);
    }

    /** Why a charge of {@code bytes} that changed no row was refused: NO_SUCH_ACCOUNT, MESSAGE_TOO_LARGE_FOR_QUOTA or OVER_QUOTA. */
    static StoreException refusal(DSLContext tx, long accountId, String address, long bytes) {
        QuotasRecord q = tx.selectFrom(QUOTAS).where(QUOTAS.ACCOUNT_ID.eq(accountId)).fetchOne();
        if (q == null) return new StoreException(StoreException.Reason.NO_SUCH_ACCOUNT, "no such account: " + address);
        if (q.getStorageLimit() != null && bytes > q.getStorageLimit()) {
            return new StoreException(StoreException.Reason.MESSAGE_TOO_LARGE_FOR_QUOTA,
                    address + ": " + bytes + " bytes exceed the whole quota of " + q.getStorageLimit() + " bytes");
        }
        return new StoreException(StoreException.Reason.OVER_QUOTA, address + " is over quota");
    }

    static void credit(DSLContext tx, long accountId, long bytes, long messages) {
        CREDIT.query(tx, bytes, messages, accountId).execute();
    }

    /** Takes the account's quota row lock without changing it, for writers that learn the amounts later. */
    static void lock(DSLContext tx, long accountId) {
        LOCK.resultQuery(tx, accountId).fetch();
    }
}

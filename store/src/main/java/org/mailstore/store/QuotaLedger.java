package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.QUOTAS;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.mailstore.schema.jooq.tables.records.QuotasRecord;

/**
 * Charges and credits an account's usage inside the transaction that adds or removes the messages,
 * so usage can never drift from the rows it counts. Charging locks the account's quota row first,
 * which is the first lock of the store's lock order (see {@link Transactions}).
 */
final class QuotaLedger {
    private static final RenderedQuery CHARGE = RenderedQuery.of(DSL.update(QUOTAS)
            .set(QUOTAS.STORAGE_USED, QUOTAS.STORAGE_USED.plus(DSL.param("bytes", Long.class)))
            .set(QUOTAS.MESSAGES_USED, QUOTAS.MESSAGES_USED.plus(DSL.param("messages", Long.class)))
            .where(QUOTAS.ACCOUNT_ID.eq(DSL.param("account", Long.class)))
            .and(QUOTAS.STORAGE_LIMIT.isNull().or(QUOTAS.STORAGE_USED.plus(DSL.param("bytesAgain", Long.class)).le(QUOTAS.STORAGE_LIMIT)))
            .and(QUOTAS.MESSAGE_LIMIT.isNull().or(QUOTAS.MESSAGES_USED.plus(DSL.param("messagesAgain", Long.class)).le(QUOTAS.MESSAGE_LIMIT))),
            "bytes", "messages", "account", "bytesAgain", "messagesAgain");
    private static final RenderedQuery CREDIT = RenderedQuery.of(DSL.update(QUOTAS)
            .set(QUOTAS.STORAGE_USED, QUOTAS.STORAGE_USED.minus(DSL.param("bytes", Long.class)))
            .set(QUOTAS.MESSAGES_USED, QUOTAS.MESSAGES_USED.minus(DSL.param("messages", Long.class)))
            .where(QUOTAS.ACCOUNT_ID.eq(DSL.param("account", Long.class))), "bytes", "messages", "account");
    private static final RenderedQuery LOCK = RenderedQuery.of(DSL.select(QUOTAS.ACCOUNT_ID).from(QUOTAS)
            .where(QUOTAS.ACCOUNT_ID.eq(DSL.param("account", Long.class))).forUpdate(), "account");

    private QuotaLedger() {}

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

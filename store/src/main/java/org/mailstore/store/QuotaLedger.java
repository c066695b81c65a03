package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.QUOTAS;

import org.jooq.DSLContext;
import org.mailstore.schema.jooq.tables.records.QuotasRecord;

/**
 * Charges and credits an account's usage inside the transaction that adds or removes the messages,
 * so usage can never drift from the rows it counts. Charging locks the account's quota row first,
 * which is the first lock of the store's lock order (see {@link Transactions}).
 */
final class QuotaLedger {
    private QuotaLedger() {}

    /** Adds usage when it fits the limits; otherwise throws OVER_QUOTA or MESSAGE_TOO_LARGE_FOR_QUOTA. */
    static void charge(DSLContext tx, long accountId, String address, long bytes, long messages) {
        int updated = tx.update(QUOTAS)
                .set(QUOTAS.STORAGE_USED, QUOTAS.STORAGE_USED.plus(bytes))
                .set(QUOTAS.MESSAGES_USED, QUOTAS.MESSAGES_USED.plus(messages))
                .where(QUOTAS.ACCOUNT_ID.eq(accountId))
                .and(QUOTAS.STORAGE_LIMIT.isNull().or(QUOTAS.STORAGE_USED.plus(bytes).le(QUOTAS.STORAGE_LIMIT)))
                .and(QUOTAS.MESSAGE_LIMIT.isNull().or(QUOTAS.MESSAGES_USED.plus(messages).le(QUOTAS.MESSAGE_LIMIT)))
                .execute();
        if (updated == 1) return;
        QuotasRecord q = tx.selectFrom(QUOTAS).where(QUOTAS.ACCOUNT_ID.eq(accountId)).fetchOne();
        if (q == null) throw new StoreException(StoreException.Reason.NO_SUCH_ACCOUNT, "no such account: " + address);
        if (q.getStorageLimit() != null && bytes > q.getStorageLimit()) {
            throw new StoreException(StoreException.Reason.MESSAGE_TOO_LARGE_FOR_QUOTA,
                    address + ": " + bytes + " bytes exceed the whole quota of " + q.getStorageLimit() + " bytes");
        }
        throw new StoreException(StoreException.Reason.OVER_QUOTA, address + " is over quota");
    }

    static void credit(DSLContext tx, long accountId, long bytes, long messages) {
        tx.update(QUOTAS)
                .set(QUOTAS.STORAGE_USED, QUOTAS.STORAGE_USED.minus(bytes))
                .set(QUOTAS.MESSAGES_USED, QUOTAS.MESSAGES_USED.minus(messages))
                .where(QUOTAS.ACCOUNT_ID.eq(accountId))
                .execute();
    }

    /** Takes the account's quota row lock without changing it, for writers that learn the amounts later. */
    static void lock(DSLContext tx, long accountId) {
        tx.select(QUOTAS.ACCOUNT_ID).from(QUOTAS).where(QUOTAS.ACCOUNT_ID.eq(accountId)).forUpdate().fetch();
    }
}

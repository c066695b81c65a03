package org.mailstore.store.maintenance;

import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.val;
import static org.mailstore.schema.jooq.Tables.ACCOUNTS;
import static org.mailstore.schema.jooq.Tables.EXPUNGED;
import static org.mailstore.schema.jooq.Tables.MAILBOXES;
import static org.mailstore.schema.jooq.Tables.MESSAGES;
import static org.mailstore.schema.jooq.Tables.QUOTAS;
import static org.mailstore.schema.jooq.Tables.SUBSCRIPTIONS;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep13;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.mailstore.schema.jooq.tables.records.MessagesRecord;
import org.mailstore.store.Flags;
import org.mailstore.store.MailboxName;

/**
 * The writes of a reconcile: accounts and mailboxes put back with their original UIDVALIDITY,
 * messages put back with their original UIDs, expunges the journal knows of, counters raised.
 * Each instance method is one transaction taking the store's lock order (quota row, mailbox row,
 * message rows), so a reconcile may run beside a live server without breaking UID allocation. The
 * static overloads taking a {@link DSLContext} do the same writes inside the caller's transaction,
 * for a caller that already holds the mailbox row (the store settling an in-doubt commit).
 */
public final class MailboxRepairs {
    /**
     * The password hash of an account rebuilt from the journal: not a PHC string, so no password
     * ever matches it and the account cannot log in until {@code mailstore account passwd} sets one.
     * Mail is still accepted for it. The journal deliberately carries no password hashes.
     */
    public static final String LOCKED_PASSWORD = "!locked: rebuilt by reconcile; set a password with mailstore account passwd";
    /** Special use of the mailboxes every account gets, by name (the store's defaults, RFC 6154). */
    static final Map<String, String> SPECIAL_USE = Map.of(
            "Drafts", "\\Drafts", "Sent", "\\Sent", "Trash", "\\Trash", "Junk", "\\Junk", "Archive", "\\Archive");
    /** Rows per INSERT statement (13 bound values each, well under PostgreSQL's 65,535). */
    static final int ROWS_PER_INSERT = 1_000;

    private final DSLContext dsl;

    public MailboxRepairs(DataSource ds) {
        this.dsl = DSL.using(ds, SQLDialect.POSTGRES);
    }

    /** A new account that cannot log in ({@link #LOCKED_PASSWORD}), with an unlimited quota and no mailboxes yet. */
    public AccountState recreateAccount(String address) {
        return dsl.transactionResult(c -> {
            DSLContext t = DSL.using(c);
            long id = t.insertInto(ACCOUNTS, ACCOUNTS.ADDRESS, ACCOUNTS.PASSWORD_HASH).values(address, LOCKED_PASSWORD)
                    .returningResult(ACCOUNTS.ACCOUNT_ID).fetchOne(ACCOUNTS.ACCOUNT_ID);
            t.insertInto(QUOTAS, QUOTAS.ACCOUNT_ID).values(id).execute();
            return new AccountState(id, address, 0);
        });
    }

    /** Deletes an account with its mailboxes and messages (blobs stay for garbage collection). */
    public void deleteAccount(long accountId) {
        dsl.deleteFrom(ACCOUNTS).where(ACCOUNTS.ACCOUNT_ID.eq(accountId)).execute();
    }

    /** Whether the account has a mailbox of this name. */
    public boolean nameTaken(long accountId, String name) {
        return dsl.fetchExists(MAILBOXES, MAILBOXES.ACCOUNT_ID.eq(accountId).and(MAILBOXES.NAME.eq(name)));
    }

    /**
     * Puts a mailbox back under its original UIDVALIDITY, and makes the account's UIDVALIDITY floor
     * at least that high so a mailbox created later never gets it again (invariant 4).
     */
    public MailboxState recreateMailbox(long accountId, String name, long uidValidity, boolean subscribe) {
        return dsl.transactionResult(c -> {
            DSLContext t = DSL.using(c);
            raiseFloor(t, accountId, uidValidity);
            var r = t.insertInto(MAILBOXES, MAILBOXES.ACCOUNT_ID, MAILBOXES.NAME, MAILBOXES.UIDVALIDITY, MAILBOXES.SPECIAL_USE)
                    .values(accountId, name, uidValidity, SPECIAL_USE.get(name)).returning().fetchOne();
            if (subscribe) {
                t.insertInto(SUBSCRIPTIONS, SUBSCRIPTIONS.ACCOUNT_ID, SUBSCRIPTIONS.NAME).values(accountId, name).onConflictDoNothing().execute();
            }
            return MailboxCatalog.toState(r);
        });
    }

    /** An INBOX with a UIDVALIDITY the account has never used, for an account the journal knew no INBOX of. */
    public MailboxState createInbox(long accountId) {
        return dsl.transactionResult(c -> {
            DSLContext t = DSL.using(c);
            long epoch = Instant.now().getEpochSecond();
            long uidValidity = t.update(ACCOUNTS).set(ACCOUNTS.LAST_UIDVALIDITY, greatest(ACCOUNTS.LAST_UIDVALIDITY.plus(1), val(epoch)))
                    .where(ACCOUNTS.ACCOUNT_ID.eq(accountId)).returningResult(ACCOUNTS.LAST_UIDVALIDITY).fetchOne(ACCOUNTS.LAST_UIDVALIDITY);
            var r = t.insertInto(MAILBOXES, MAILBOXES.ACCOUNT_ID, MAILBOXES.NAME, MAILBOXES.UIDVALIDITY)
                    .values(accountId, MailboxName.INBOX, uidValidity).returning().fetchOne();
            t.insertInto(SUBSCRIPTIONS, SUBSCRIPTIONS.ACCOUNT_ID, SUBSCRIPTIONS.NAME).values(accountId, MailboxName.INBOX)
                    .onConflictDoNothing().execute();
            return MailboxCatalog.toState(r);
        });
    }

    /** Raises the account's UIDVALIDITY floor; true when it was lower. */
    public boolean raiseLastUidValidity(long accountId, long atLeast) {
        return raiseFloor(dsl, accountId, atLeast) > 0;
    }

    public void renameMailbox(long accountId, long mailboxId, String newName) {
        dsl.update(MAILBOXES).set(MAILBOXES.NAME, newName)
                .where(MAILBOXES.ACCOUNT_ID.eq(accountId).and(MAILBOXES.MAILBOX_ID.eq(mailboxId))).execute();
    }

    /** Deletes the mailbox with its messages and expunge records; the caller recounts the quota. */
    public void deleteMailbox(long accountId, long mailboxId) {
        dsl.deleteFrom(MAILBOXES).where(MAILBOXES.ACCOUNT_ID.eq(accountId).and(MAILBOXES.MAILBOX_ID.eq(mailboxId))).execute();
    }

    /**
     * Inserts messages with their original UIDs and the given MODSEQ; a UID that is taken meanwhile
     * is skipped (the next reconcile sees the conflict). Raises UIDNEXT past them and HIGHESTMODSEQ
     * to {@code modseq}. Their blobs must have rows ({@link BlobCache}).
     *
     * @return how many were inserted
     */
    public int replay(long accountId, long mailboxId, List<ReplayedMessage> messages, long modseq) {
        if (messages.isEmpty()) return 0;
        long maxUid = messages.stream().mapToLong(ReplayedMessage::uid).max().orElseThrow();
        return dsl.transactionResult(c -> {
            DSLContext t = DSL.using(c);
            lockInOrder(t, accountId, mailboxId);
            raise(t, accountId, mailboxId, maxUid + 1, modseq);
            int inserted = 0;
            for (int i = 0; i < messages.size(); i += ROWS_PER_INSERT) {
                var insert = insertMessages(t);
                for (ReplayedMessage m : messages.subList(i, Math.min(messages.size(), i + ROWS_PER_INSERT))) {
                    Flags f = m.flags();
                    insert = insert.values(accountId, mailboxId, m.uid(), modseq, f.seen(), f.answered(), f.flagged(), f.deleted(),
                            f.draft(), f.keywords().toArray(String[]::new), m.internalDate().atOffset(ZoneOffset.UTC), m.size(),
                            m.blob().bytes());
                }
                inserted += insert.onConflictDoNothing().execute();
            }
            return inserted;
        });
    }

    /**
     * Removes the given UIDs' rows and records every one of them as expunged at {@code modseq}
     * (QRESYNC clients that saw them learn they are gone). Raises HIGHESTMODSEQ to {@code modseq}.
     *
     * @return how many rows were removed
     */
    public int expunge(long accountId, long mailboxId, long[] uids, long modseq) {
        if (uids.length == 0) return 0;
        return dsl.transactionResult(c -> {
            DSLContext t = DSL.using(c);
            lockInOrder(t, accountId, mailboxId);
            return expunge(t, accountId, mailboxId, uids, modseq);
        });
    }

    /**
     * {@link #expunge(long, long, long[], long)} inside the caller's transaction {@code t}, which already holds the
     * mailbox row in the store's lock order (as the settling of an in-doubt commit does before its next write).
     */
    public static int expunge(DSLContext t, long accountId, long mailboxId, long[] uids, long modseq) {
        if (uids.length == 0) return 0;
        Long[] boxed = Arrays.stream(uids).boxed().toArray(Long[]::new);
        raise(t, accountId, mailboxId, 1, modseq);
        int removed = t.deleteFrom(MESSAGES).where(MESSAGES.ACCOUNT_ID.eq(accountId).and(MESSAGES.MAILBOX_ID.eq(mailboxId)))
                .and(MESSAGES.UID.eq(DSL.any(boxed))).execute();
        t.insertInto(EXPUNGED, EXPUNGED.ACCOUNT_ID, EXPUNGED.MAILBOX_ID, EXPUNGED.UID, EXPUNGED.MODSEQ)
                .select(DSL.select(val(accountId), val(mailboxId), DSL.field("u", SQLDataType.BIGINT), val(modseq))
                        .from(DSL.unnest(boxed).as("x", "u")))
                .onConflictDoNothing()
                .execute();
        return removed;
    }

    /** Raises UIDNEXT and HIGHESTMODSEQ to at least the given values (never lowers them). */
    public void raiseCounters(long accountId, long mailboxId, long uidNext, long highestModseq) {
        dsl.transaction(c -> {
            DSLContext t = DSL.using(c);
            lockInOrder(t, accountId, mailboxId);
            raiseCounters(t, accountId, mailboxId, uidNext, highestModseq);
        });
    }

    /** {@link #raiseCounters(long, long, long, long)} inside the caller's transaction {@code t}, which holds the mailbox row. */
    public static void raiseCounters(DSLContext t, long accountId, long mailboxId, long uidNext, long highestModseq) {
        raise(t, accountId, mailboxId, uidNext, highestModseq);
    }

    /** Sets the account's usage to what its rows add up to. */
    public void recountQuota(long accountId) {
        dsl.transaction(c -> {
            DSLContext t = DSL.using(c);
            var usage = t.select(DSL.count(), DSL.coalesce(DSL.sum(MESSAGES.SIZE), BigDecimal.ZERO)).from(MESSAGES)
                    .where(MESSAGES.ACCOUNT_ID.eq(accountId)).fetchOne();
            t.update(QUOTAS).set(QUOTAS.MESSAGES_USED, usage.value1().longValue()).set(QUOTAS.STORAGE_USED, usage.value2().longValue())
                    .where(QUOTAS.ACCOUNT_ID.eq(accountId)).execute();
        });
    }

    static InsertValuesStep13<MessagesRecord, Long, Long, Long, Long, Boolean, Boolean, Boolean, Boolean, Boolean, String[],
            java.time.OffsetDateTime, Long, byte[]> insertMessages(DSLContext t) {
        return t.insertInto(MESSAGES, MESSAGES.ACCOUNT_ID, MESSAGES.MAILBOX_ID, MESSAGES.UID, MESSAGES.MODSEQ, MESSAGES.SEEN,
                MESSAGES.ANSWERED, MESSAGES.FLAGGED, MESSAGES.DELETED, MESSAGES.DRAFT, MESSAGES.KEYWORDS, MESSAGES.INTERNAL_DATE,
                MESSAGES.SIZE, MESSAGES.BLOB_HASH);
    }

    /** The store's lock order: the account's quota row, then the mailbox row. */
    static void lockInOrder(DSLContext t, long accountId, long mailboxId) {
        t.select(QUOTAS.ACCOUNT_ID).from(QUOTAS).where(QUOTAS.ACCOUNT_ID.eq(accountId)).forUpdate().fetch();
        t.select(MAILBOXES.MAILBOX_ID).from(MAILBOXES).where(MAILBOXES.ACCOUNT_ID.eq(accountId).and(MAILBOXES.MAILBOX_ID.eq(mailboxId)))
                .forUpdate().fetch();
    }

    private static void raise(DSLContext t, long accountId, long mailboxId, long uidNext, long highestModseq) {
        t.update(MAILBOXES)
                .set(MAILBOXES.UIDNEXT, greatest(MAILBOXES.UIDNEXT, val(uidNext)))
                .set(MAILBOXES.HIGHESTMODSEQ, greatest(MAILBOXES.HIGHESTMODSEQ, val(highestModseq)))
                .where(MAILBOXES.ACCOUNT_ID.eq(accountId).and(MAILBOXES.MAILBOX_ID.eq(mailboxId))).execute();
    }

    private static int raiseFloor(DSLContext t, long accountId, long atLeast) {
        return t.update(ACCOUNTS).set(ACCOUNTS.LAST_UIDVALIDITY, atLeast)
                .where(ACCOUNTS.ACCOUNT_ID.eq(accountId).and(ACCOUNTS.LAST_UIDVALIDITY.lt(atLeast))).execute();
    }
}

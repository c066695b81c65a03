package org.mailstore.store.maintenance;

import static org.mailstore.schema.jooq.Tables.ACCOUNTS;
import static org.mailstore.schema.jooq.Tables.MAILBOXES;
import static org.mailstore.schema.jooq.Tables.MESSAGES;
import static org.mailstore.schema.jooq.Tables.QUOTAS;
import static org.mailstore.schema.jooq.Tables.SUBSCRIPTIONS;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobId;
import org.mailstore.store.BlobRows;
import org.mailstore.store.Flags;
import org.mailstore.store.MailboxName;

/**
 * Fast, batched inserts for generating large test populations ({@code mailstore bench populate}):
 * many rows per statement, counters and quota usage settled once at the end instead of per
 * message. Not a write path for real mail: it skips UID allocation and quota checks, and the
 * caller must not run it beside live deliveries to the same mailboxes.
 */
public final class BulkLoader {
    /** One blob's metadata row to insert. */

    /** One message row to insert, UID and MODSEQ chosen by the caller. */
    public record MessageRow(long accountId, long mailboxId, long uid, long modseq, Flags flags, Instant internalDate, long size, BlobId blob) {}

    private final DSLContext dsl;

    public BulkLoader(DataSource ds) {
        this.dsl = DSL.using(ds, SQLDialect.POSTGRES);
    }

    /**
     * Accounts that cannot log in ({@link MailboxRepairs#LOCKED_PASSWORD}), each with an unlimited
     * quota and one subscribed INBOX of the given UIDVALIDITY.
     *
     * @return the INBOXes, in the order of {@code addresses}
     */
    public List<MailboxState> accountsWithInbox(List<String> addresses, long uidValidity) {
        return dsl.transactionResult(c -> {
            DSLContext t = DSL.using(c);
            List<MailboxState> inboxes = new java.util.ArrayList<>();
            for (int i = 0; i < addresses.size(); i += MailboxRepairs.ROWS_PER_INSERT) {
                List<String> chunk = addresses.subList(i, Math.min(addresses.size(), i + MailboxRepairs.ROWS_PER_INSERT));
                var accounts = t.insertInto(ACCOUNTS, ACCOUNTS.ADDRESS, ACCOUNTS.PASSWORD_HASH, ACCOUNTS.LAST_UIDVALIDITY);
                for (String a : chunk) accounts = accounts.values(a, MailboxRepairs.LOCKED_PASSWORD, uidValidity);
                List<Long> ids = accounts.returningResult(ACCOUNTS.ACCOUNT_ID).fetch(ACCOUNTS.ACCOUNT_ID);
                var quotas = t.insertInto(QUOTAS, QUOTAS.ACCOUNT_ID);
                var boxes = t.insertInto(MAILBOXES, MAILBOXES.ACCOUNT_ID, MAILBOXES.NAME, MAILBOXES.UIDVALIDITY);
                var subscriptions = t.insertInto(SUBSCRIPTIONS, SUBSCRIPTIONS.ACCOUNT_ID, SUBSCRIPTIONS.NAME);
                for (long id : ids) {
                    quotas = quotas.values(id);
                    boxes = boxes.values(id, MailboxName.INBOX, uidValidity);
                    subscriptions = subscriptions.values(id, MailboxName.INBOX);
                }
                quotas.execute();
                subscriptions.execute();
                inboxes.addAll(boxes.returning().fetch(MailboxCatalog::toState));
            }
            return inboxes;
        });
    }

    public void blobs(List<BlobRows.Row> rows) {
        for (int i = 0; i < rows.size(); i += MailboxRepairs.ROWS_PER_INSERT) {
            BlobRows.insert(dsl, rows.subList(i, Math.min(rows.size(), i + MailboxRepairs.ROWS_PER_INSERT)));
        }
    }

    public void messages(List<MessageRow> rows) {
        for (int i = 0; i < rows.size(); i += MailboxRepairs.ROWS_PER_INSERT) {
            var insert = MailboxRepairs.insertMessages(dsl);
            for (MessageRow r : rows.subList(i, Math.min(rows.size(), i + MailboxRepairs.ROWS_PER_INSERT))) {
                Flags f = r.flags();
                insert = insert.values(r.accountId(), r.mailboxId(), r.uid(), r.modseq(), f.seen(), f.answered(), f.flagged(), f.deleted(),
                        f.draft(), f.keywords().toArray(String[]::new), r.internalDate().atOffset(ZoneOffset.UTC), r.size(), r.blob().bytes());
            }
            insert.execute();
        }
    }

    /** Sets every mailbox's UIDNEXT and HIGHESTMODSEQ above its rows and every account's usage to its rows' total. */
    public void settle() {
        Table<?> top = DSL.select(MESSAGES.ACCOUNT_ID, MESSAGES.MAILBOX_ID, DSL.max(MESSAGES.UID).as("u"), DSL.max(MESSAGES.MODSEQ).as("m"))
                .from(MESSAGES).groupBy(MESSAGES.ACCOUNT_ID, MESSAGES.MAILBOX_ID).asTable("top");
        Field<Long> u = top.field("u", Long.class);
        Field<Long> m = top.field("m", Long.class);
        dsl.update(MAILBOXES)
                .set(MAILBOXES.UIDNEXT, DSL.greatest(MAILBOXES.UIDNEXT, u.plus(1)))
                .set(MAILBOXES.HIGHESTMODSEQ, DSL.greatest(MAILBOXES.HIGHESTMODSEQ, m))
                .from(top)
                .where(MAILBOXES.ACCOUNT_ID.eq(top.field(MESSAGES.ACCOUNT_ID)).and(MAILBOXES.MAILBOX_ID.eq(top.field(MESSAGES.MAILBOX_ID))))
                .execute();
        Table<?> usage = DSL.select(MESSAGES.ACCOUNT_ID, DSL.count().as("n"), DSL.sum(MESSAGES.SIZE).as("bytes"))
                .from(MESSAGES).groupBy(MESSAGES.ACCOUNT_ID).asTable("usage");
        dsl.update(QUOTAS)
                .set(QUOTAS.MESSAGES_USED, usage.field("n", Integer.class).cast(Long.class))
                .set(QUOTAS.STORAGE_USED, usage.field("bytes", BigDecimal.class).cast(Long.class))
                .from(usage)
                .where(QUOTAS.ACCOUNT_ID.eq(usage.field(MESSAGES.ACCOUNT_ID)))
                .execute();
        dsl.execute("ANALYZE");
    }
}

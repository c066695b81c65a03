package org.mailstore.store;

import static org.jooq.impl.DSL.any;
import static org.mailstore.schema.jooq.Tables.EXPUNGED;
import static org.mailstore.schema.jooq.Tables.MAILBOXES;
import static org.mailstore.schema.jooq.Tables.MESSAGES;
import static org.mailstore.schema.jooq.Tables.QUOTAS;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.mailstore.store.journal.Journal;
import org.mailstore.store.journal.JournalRecord;

/**
 * EXPUNGE, UID EXPUNGE and POP3's deletions: one statement, then the journal record, then the commit. The statement
 * does what took six before, each a round trip to PostgreSQL of its own:
 * <pre>
 * WITH quota AS (the account's quota row, locked),
 *      box AS (the mailbox row, locked after the quota row, with HIGHESTMODSEQ + 1 as the expunge's MODSEQ),
 *      gone AS (DELETE the mailbox's messages asked for, RETURNING uid, size),
 *      recorded AS (INSERT their UIDs into expunged with that MODSEQ),
 *      raised AS (UPDATE the mailbox's HIGHESTMODSEQ, if any went),
 *      credited AS (UPDATE the quota usage by their sizes and count, if any went)
 * SELECT box's UIDVALIDITY and MODSEQ, and each gone UID (NULL when none went)
 * </pre>
 * The locks come in the store's lock order: {@code box} has a condition on {@code quota} that PostgreSQL evaluates
 * before it reads the mailbox row, and {@code gone} takes its keys from {@code box}. No row at all means the mailbox
 * does not exist.
 */
final class MessageRemoval {
    private static final int UID_VALIDITY = 0, MODSEQ = 1, UID = 2;
    /** By UIDs or all, only \Deleted ones or any (index: {@link #shape}). */
    private static final List<RenderedQuery> SHAPES = List.of(render(false, false), render(false, true), render(true, false),
            render(true, true));

    private MessageRemoval() {}

    /** {@code uids}: those to remove, or null for all; {@code onlyDeleted}: only those flagged \Deleted (IMAP). */
    static ExpungeResult remove(DSLContext t, Journal journal, Account account, long mailboxId, Long[] uids, boolean onlyDeleted) {
        RenderedQuery statement = SHAPES.get(shape(uids != null, onlyDeleted));
        var rows = (uids != null ? statement.resultQuery(t, account.id(), account.id(), mailboxId, uids)
                : statement.resultQuery(t, account.id(), account.id(), mailboxId)).fetch();
        if (rows.isEmpty()) throw new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "no such mailbox (id " + mailboxId + ")");
        long[] removed = rows.stream().map(r -> r.get(UID, Long.class)).filter(uid -> uid != null).mapToLong(Long::longValue)
                .sorted().toArray();
        if (removed.length == 0) return new ExpungeResult(List.of(), 0);
        long uidValidity = rows.getFirst().get(UID_VALIDITY, Long.class), modseq = rows.getFirst().get(MODSEQ, Long.class);
        TxLog log = new TxLog();
        log.record(new JournalRecord.MessagesExpunged(Instant.now(), account.id(), account.address(), mailboxId, uidValidity, modseq, removed));
        log.changed(new MailboxChange(account.id(), mailboxId, MailboxChange.Kind.EXPUNGED, modseq, 0));
        log.flush(t, journal);
        return new ExpungeResult(Arrays.stream(removed).boxed().toList(), modseq);
    }

    private static int shape(boolean byUid, boolean onlyDeleted) {
        return (byUid ? 2 : 0) + (onlyDeleted ? 1 : 0);
    }

    private static RenderedQuery render(boolean byUid, boolean onlyDeleted) {
        var quota = DSL.name("quota").fields("account_id").as(DSL.select(QUOTAS.ACCOUNT_ID).from(QUOTAS)
                .where(QUOTAS.ACCOUNT_ID.eq(DSL.param("quotaAccount", Long.class))).forUpdate());
        // A condition without a column of mailboxes: PostgreSQL checks it once, before it reads the mailbox row.
        var box = DSL.name("box").fields("account_id", "mailbox_id", "uidvalidity", "modseq").as(
                DSL.select(MAILBOXES.ACCOUNT_ID, MAILBOXES.MAILBOX_ID, MAILBOXES.UIDVALIDITY, MAILBOXES.HIGHESTMODSEQ.plus(DSL.inline(1L)))
                        .from(MAILBOXES).where(Mailboxes.byKeyParams())
                        .and(DSL.field(DSL.selectCount().from(quota)).ge(DSL.inline(0)))
                        .forUpdate());
        Field<Long> account = scalar(box, "account_id"), mailbox = scalar(box, "mailbox_id"), modseq = scalar(box, "modseq");
        Condition which = MESSAGES.ACCOUNT_ID.eq(account).and(MESSAGES.MAILBOX_ID.eq(mailbox));
        if (byUid) which = which.and(MESSAGES.UID.eq(any(DSL.param("uids", SQLDataType.BIGINT.array()))));
        if (onlyDeleted) which = which.and(MESSAGES.DELETED);
        var gone = DSL.name("gone").as(DSL.deleteFrom(MESSAGES).where(which).returningResult(MESSAGES.UID, MESSAGES.SIZE));
        Field<Long> goneUid = gone.field(MESSAGES.UID), goneSize = gone.field(MESSAGES.SIZE);
        Condition anyGone = DSL.exists(DSL.selectOne().from(gone));
        var recorded = DSL.name("recorded").as(DSL.insertInto(EXPUNGED, EXPUNGED.ACCOUNT_ID, EXPUNGED.MAILBOX_ID, EXPUNGED.UID, EXPUNGED.MODSEQ)
                .select(DSL.select(account, mailbox, goneUid, modseq).from(gone))
                .onConflictDoNothing()
                .returning(EXPUNGED.UID));
        var raised = DSL.name("raised").as(DSL.update(MAILBOXES).set(MAILBOXES.HIGHESTMODSEQ, modseq)
                .where(MAILBOXES.ACCOUNT_ID.eq(account)).and(MAILBOXES.MAILBOX_ID.eq(mailbox)).and(anyGone)
                .returning(MAILBOXES.MAILBOX_ID));
        Field<Long> bytes = DSL.field(DSL.select(DSL.coalesce(DSL.sum(goneSize), DSL.inline(BigDecimal.ZERO)).cast(SQLDataType.BIGINT))
                .from(gone));
        Field<Long> count = DSL.field(DSL.select(DSL.count().cast(SQLDataType.BIGINT)).from(gone));
        var credited = DSL.name("credited").as(QuotaLedger.creditUpdate(bytes, count, scalar(quota, "account_id")).and(anyGone)
                .returning(QUOTAS.ACCOUNT_ID));
        var statement = DSL.with(quota).with(box).with(gone).with(recorded).with(raised).with(credited)
                .select(box.field("uidvalidity", Long.class), box.field("modseq", Long.class), goneUid)
                .from(box).leftJoin(gone).on(DSL.trueCondition());
        return byUid ? RenderedQuery.of(statement, "quotaAccount", "account", "mailbox", "uids")
                : RenderedQuery.of(statement, "quotaAccount", "account", "mailbox");
    }

    private static Field<Long> scalar(CommonTableExpression<?> cte, String column) {
        return DSL.field(DSL.select(cte.field(column, Long.class)).from(cte));
    }
}

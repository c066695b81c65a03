package org.mailstore.store.maintenance;

import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.val;
import static org.mailstore.schema.jooq.Tables.ACCOUNTS;
import static org.mailstore.schema.jooq.Tables.MAILBOXES;
import static org.mailstore.schema.jooq.Tables.MESSAGES;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.mailstore.schema.jooq.tables.records.MailboxesRecord;
import org.mailstore.schema.jooq.tables.records.MessagesRecord;
import org.mailstore.store.Flags;
import org.mailstore.store.journal.JournalRecord;

/**
 * Gives a mailbox a new UIDVALIDITY and renumbers its messages 1..n, for a mailbox where one UID
 * may have named two different messages (invariant 4: under one UIDVALIDITY a UID names one
 * message forever). Clients see the new UIDVALIDITY and resynchronise from scratch.
 *
 * <p>One transaction: the mailbox is rebuilt as a new row (same name, special use and
 * subscriptions; a new mailbox id) holding the renumbered rows plus any extra messages, and the
 * old row is deleted with its expunge records. The journal learns the result before the commit
 * (the old mailbox deleted, the new one created, every message appended with its new UID), so a
 * later rebuild from the journal alone ends in the same state.
 */
public final class MailboxRenumbering {
    /** Messages per journal append while the new numbering is written out. */
    static final int JOURNAL_CHUNK = 1_000;

    /** What changed: the old and new UIDVALIDITY, the new mailbox's id and how many messages it holds. */
    public record Result(long oldUidValidity, long newUidValidity, long newMailboxId, long messages) {}

    private final DSLContext dsl;

    public MailboxRenumbering(DataSource ds) {
        this.dsl = DSL.using(ds, SQLDialect.POSTGRES);
    }

    /**
     * @param extras messages to add after the renumbered ones (journal candidates whose original UID
     *               was taken by another message); their blobs must have rows
     */
    public Result renumber(long accountId, long mailboxId, List<ReplayedMessage> extras, JournalSink journal) {
        return dsl.transactionResult(c -> {
            DSLContext t = DSL.using(c);
            MailboxRepairs.lockInOrder(t, accountId, mailboxId);
            MailboxesRecord old = t.selectFrom(MAILBOXES)
                    .where(MAILBOXES.ACCOUNT_ID.eq(accountId).and(MAILBOXES.MAILBOX_ID.eq(mailboxId))).fetchSingle();
            String address = t.select(ACCOUNTS.ADDRESS).from(ACCOUNTS).where(ACCOUNTS.ACCOUNT_ID.eq(accountId)).fetchSingle(ACCOUNTS.ADDRESS);
            long modseq = old.getHighestmodseq() + 1;
            long newUidValidity = t.update(ACCOUNTS)
                    .set(ACCOUNTS.LAST_UIDVALIDITY, greatest(ACCOUNTS.LAST_UIDVALIDITY.plus(1), val(Instant.now().getEpochSecond())))
                    .where(ACCOUNTS.ACCOUNT_ID.eq(accountId)).returningResult(ACCOUNTS.LAST_UIDVALIDITY).fetchSingle(ACCOUNTS.LAST_UIDVALIDITY);
            // The name must be free for the new row. A control character makes this one impossible as a
            // real mailbox name, and nobody sees it: the row is deleted before commit.
            t.update(MAILBOXES).set(MAILBOXES.NAME, old.getName() + "\u0001renumbering " + mailboxId)
                    .where(MAILBOXES.ACCOUNT_ID.eq(accountId).and(MAILBOXES.MAILBOX_ID.eq(mailboxId))).execute();
            long newId = t.insertInto(MAILBOXES, MAILBOXES.ACCOUNT_ID, MAILBOXES.NAME, MAILBOXES.UIDVALIDITY, MAILBOXES.SPECIAL_USE)
                    .values(accountId, old.getName(), newUidValidity, old.getSpecialUse())
                    .returningResult(MAILBOXES.MAILBOX_ID).fetchSingle(MAILBOXES.MAILBOX_ID);
            long copied = copyRenumbered(t, accountId, mailboxId, newId, modseq);
            insertExtras(t, accountId, newId, copied, extras, modseq);
            long total = copied + extras.size();
            t.update(MAILBOXES).set(MAILBOXES.UIDNEXT, total + 1).set(MAILBOXES.HIGHESTMODSEQ, modseq)
                    .set(MAILBOXES.FIRST_RECENT_UID, total + 1)
                    .where(MAILBOXES.ACCOUNT_ID.eq(accountId).and(MAILBOXES.MAILBOX_ID.eq(newId))).execute();
            writeJournal(t, journal, address, old, newId, newUidValidity, modseq);
            t.deleteFrom(MAILBOXES).where(MAILBOXES.ACCOUNT_ID.eq(accountId).and(MAILBOXES.MAILBOX_ID.eq(mailboxId))).execute();
            return new Result(old.getUidvalidity(), newUidValidity, newId, total);
        });
    }

    private static long copyRenumbered(DSLContext t, long accountId, long oldId, long newId, long modseq) {
        var m = MESSAGES;
        return t.insertInto(m, m.ACCOUNT_ID, m.MAILBOX_ID, m.UID, m.MODSEQ, m.SEEN, m.ANSWERED, m.FLAGGED, m.DELETED, m.DRAFT,
                        m.KEYWORDS, m.INTERNAL_DATE, m.SIZE, m.BLOB_HASH, m.SAVED_AT)
                .select(DSL.select(m.ACCOUNT_ID, val(newId), DSL.rowNumber().over(DSL.orderBy(m.UID)).cast(Long.class), val(modseq),
                                m.SEEN, m.ANSWERED, m.FLAGGED, m.DELETED, m.DRAFT, m.KEYWORDS, m.INTERNAL_DATE, m.SIZE, m.BLOB_HASH, m.SAVED_AT)
                        .from(m).where(m.ACCOUNT_ID.eq(accountId).and(m.MAILBOX_ID.eq(oldId))))
                .execute();
    }

    private static void insertExtras(DSLContext t, long accountId, long newId, long after, List<ReplayedMessage> extras, long modseq) {
        long uid = after;
        for (int i = 0; i < extras.size(); i += MailboxRepairs.ROWS_PER_INSERT) {
            var insert = MailboxRepairs.insertMessages(t);
            for (ReplayedMessage x : extras.subList(i, Math.min(extras.size(), i + MailboxRepairs.ROWS_PER_INSERT))) {
                Flags f = x.flags();
                insert = insert.values(accountId, newId, ++uid, modseq, f.seen(), f.answered(), f.flagged(), f.deleted(), f.draft(),
                        f.keywords().toArray(String[]::new), x.internalDate().atOffset(ZoneOffset.UTC), x.size(), x.blob().bytes());
            }
            insert.execute();
        }
    }

    private static void writeJournal(DSLContext t, JournalSink journal, String address, MailboxesRecord old, long newId,
                                     long newUidValidity, long modseq) {
        Instant now = Instant.now();
        long accountId = old.getAccountId();
        List<JournalRecord> records = new ArrayList<>();
        records.add(new JournalRecord.MailboxDeleted(now, accountId, address, old.getMailboxId(), old.getName()));
        records.add(new JournalRecord.MailboxCreated(now, accountId, address, newId, old.getName(), newUidValidity));
        try (Cursor<MessagesRecord> rows = t.selectFrom(MESSAGES)
                .where(MESSAGES.ACCOUNT_ID.eq(accountId).and(MESSAGES.MAILBOX_ID.eq(newId))).orderBy(MESSAGES.UID)
                .fetchSize(LazyQuery.FETCH_ROWS).fetchLazy()) {
            for (MessagesRecord r : rows) {
                StoredMessage m = MailboxContents.toStored(r);
                records.add(new JournalRecord.MessageAppended(now, accountId, address, newId, old.getName(), newUidValidity, m.uid(),
                        modseq, m.blob().bytes(), m.internalDate(), m.size(), m.flags().names()));
                if (records.size() >= JOURNAL_CHUNK) flush(journal, records);
            }
        }
        flush(journal, records);
    }

    private static void flush(JournalSink journal, List<JournalRecord> records) {
        if (records.isEmpty()) return;
        try {
            journal.append(List.copyOf(records));
        } catch (IOException e) {
            throw new UncheckedIOException("journal write failed while renumbering: " + e.getMessage(), e);
        }
        records.clear();
    }
}

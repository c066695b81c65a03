package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.MAILBOXES;
import static org.mailstore.schema.jooq.Tables.MESSAGES;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.mailstore.schema.jooq.tables.records.MailboxesRecord;

/**
 * SELECT and EXAMINE in one transaction of two statements in the usual case: the mailbox row by name, then one pass
 * over its message rows in UID order (through the primary key) that yields the UIDs, the first unseen UID and
 * whether any message has a keyword. Only then, and only when needed, come the distinct keywords and the \Recent
 * claim.
 *
 * <p>The claim takes the mailbox row lock only when the pass saw a message at or above the row's
 * {@code first_recent_uid}, and moves that mark to just past the last UID read, not to UIDNEXT: the caller claims
 * exactly the messages in its UID map, and a message committed after the pass stays unclaimed for whoever sees it
 * first (this session too, when the change notification brings it). So a SELECT of a mailbox without new mail
 * writes nothing, and costs no commit flush. Every UID below the UIDNEXT read first was committed before the pass
 * started (allocation holds the row lock until commit), so the pass cannot miss one that the claim would count.
 */
final class MailboxSelect {
    private MailboxSelect() {}

    private record Pass(long[] uids, long firstUnseenUid, boolean anyKeywords) {
        long lastUid() {
            return uids.length == 0 ? 0 : uids[uids.length - 1];
        }
    }

    static Optional<MailboxSnapshot> read(DSLContext t, Account account, String name, boolean claimRecent) throws SQLException {
        MailboxesRecord m = t.selectFrom(MAILBOXES)
                .where(MAILBOXES.ACCOUNT_ID.eq(account.id()).and(MAILBOXES.NAME.eq(name))).fetchOne();
        if (m == null) return Optional.empty();
        Pass pass = pass(t, account.id(), m.getMailboxId());
        List<String> keywords = pass.anyKeywords()
                ? Messages.keywords(t, account.id(), m.getMailboxId(), Flags.MAX_KEYWORDS) : List.of();
        long uidNext = Math.max(m.getUidnext(), pass.lastUid() + 1);
        long from = m.getFirstRecentUid(), to = uidNext;
        if (claimRecent) {
            to = pass.lastUid() + 1;
            from = pass.lastUid() < m.getFirstRecentUid() ? to : claim(t, account.id(), m.getMailboxId(), to);
        }
        return Optional.of(new MailboxSnapshot(m.getMailboxId(), m.getName(), m.getUidvalidity(), uidNext, m.getHighestmodseq(),
                pass.uids(), pass.firstUnseenUid(), keywords, Math.min(from, to), to));
    }

    /**
     * One statement, so one snapshot: the UIDs from the primary key alone (an index-only scan, where the visibility map
     * allows), the first unseen UID from messages_unseen_idx and whether any keyword exists from messages_keywords_idx,
     * both computed once (uncorrelated subqueries) and repeated on each row. Reading seen and keywords per row instead
     * visits every heap row, several times the cost on a large mailbox.
     */
    private static Pass pass(DSLContext t, long accountId, long mailboxId) throws SQLException {
        var m = MESSAGES.as("m");
        Condition inBox = m.ACCOUNT_ID.eq(accountId).and(m.MAILBOX_ID.eq(mailboxId));
        Field<Long> firstUnseen = DSL.field(DSL.select(DSL.min(m.UID)).from(m).where(inBox).and(DSL.not(m.SEEN)));
        Field<Boolean> anyKeywords = DSL.field(DSL.exists(DSL.selectOne().from(m).where(inBox).and(m.KEYWORDS.ne(new String[0]))));
        LongArrayBuilder uids = new LongArrayBuilder();
        long unseen = 0;
        boolean keywords = false;
        try (ResultSet rs = t.select(MESSAGES.UID, firstUnseen, anyKeywords).from(MESSAGES)
                .where(Messages.inMailbox(accountId, mailboxId))
                .orderBy(MESSAGES.UID).fetchSize(Messages.UID_CURSOR_ROWS).fetchResultSet()) {
            while (rs.next()) {
                uids.add(rs.getLong(1));
                unseen = rs.getLong(2);
                keywords = rs.getBoolean(3);
            }
        }
        return new Pass(uids.toArray(), unseen, keywords);
    }

    /** Moves the recent mark up to {@code upTo} under the row lock; returns where the caller's claim starts. */
    private static long claim(DSLContext t, long accountId, long mailboxId, long upTo) {
        Condition row = MAILBOXES.ACCOUNT_ID.eq(accountId).and(MAILBOXES.MAILBOX_ID.eq(mailboxId));
        Long previous = t.select(MAILBOXES.FIRST_RECENT_UID).from(MAILBOXES).where(row).forUpdate()
                .fetchOne(MAILBOXES.FIRST_RECENT_UID);
        if (previous == null) throw new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "no such mailbox (id " + mailboxId + ")");
        if (previous >= upTo) return upTo;
        t.update(MAILBOXES).set(MAILBOXES.FIRST_RECENT_UID, upTo).where(row).execute();
        return previous;
    }
}

package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.MAILBOXES;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.mailstore.schema.jooq.tables.records.MailboxesRecord;

/**
 * SELECT and EXAMINE in one transaction of two statements in the usual case: the mailbox row by name, then one pass
 * over its message rows that yields the UIDs (as one range when the mailbox has no hole, else row by row in UID
 * order through the primary key), the first unseen UID and whether any message has a keyword. Only then, and only when needed, come the distinct keywords and the \Recent
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
     * One statement, so one snapshot. First the count and the lowest and highest UID (one index-only pass that sends
     * nothing per row); when the count fills that range the mailbox has no hole, its UIDs are that range and no row
     * comes back per message, which is the common case of a mailbox only appended to. Otherwise the lateral scan,
     * gated by that one-time test, streams the UIDs from the primary key. The first unseen UID (messages_unseen_idx)
     * and whether any keyword exists (messages_keywords_idx) are uncorrelated subqueries computed once. Reading seen
     * and keywords per row instead visits every heap row, several times the cost on a large mailbox.
     */
    private static final String PASS_SQL = """
            WITH box AS (SELECT count(*) AS n, min(uid) AS lo, max(uid) AS hi FROM messages
                         WHERE account_id = {0} AND mailbox_id = {1})
            SELECT box.n, box.lo, box.hi,
                   (SELECT min(uid) FROM messages WHERE account_id = {0} AND mailbox_id = {1} AND NOT seen),
                   EXISTS (SELECT 1 FROM messages WHERE account_id = {0} AND mailbox_id = {1} AND keywords <> '{}'),
                   holey.uid
            FROM box LEFT JOIN LATERAL (SELECT uid FROM messages WHERE account_id = {0} AND mailbox_id = {1}
                                        AND box.n <> box.hi - box.lo + 1 ORDER BY uid) holey ON true""";

    private static Pass pass(DSLContext t, long accountId, long mailboxId) throws SQLException {
        long count = 0, low = 0, high = 0, unseen = 0;
        boolean keywords = false;
        LongArrayBuilder listed = new LongArrayBuilder();
        try (ResultSet rs = t.resultQuery(PASS_SQL, DSL.val(accountId), DSL.val(mailboxId))
                .fetchSize(Messages.UID_CURSOR_ROWS).fetchResultSet()) {
            while (rs.next()) {
                count = rs.getLong(1);
                low = rs.getLong(2);
                high = rs.getLong(3);
                unseen = rs.getLong(4);
                keywords = rs.getBoolean(5);
                long uid = rs.getLong(6);
                if (!rs.wasNull()) listed.add(uid);
            }
        }
        long[] uids = count == 0 ? new long[0] : count == high - low + 1 ? range(low, high) : ascending(listed.toArray());
        return new Pass(uids, unseen, keywords);
    }

    private static long[] range(long low, long high) {
        long[] uids = new long[Math.toIntExact(high - low + 1)];
        for (int i = 0; i < uids.length; i++) uids[i] = low + i;
        return uids;
    }

    /** The lateral scan's ORDER BY gives UID order through a one-row nested loop; sorted here only if not. */
    private static long[] ascending(long[] uids) {
        for (int i = 1; i < uids.length; i++) {
            if (uids[i - 1] >= uids[i]) {
                Arrays.sort(uids);
                break;
            }
        }
        return uids;
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

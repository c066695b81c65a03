package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.MAILBOXES;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
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
    private static final RenderedQuery LOCK_RECENT_MARK = RenderedQuery.of(DSL.select(MAILBOXES.FIRST_RECENT_UID).from(MAILBOXES)
            .where(Mailboxes.byKeyParams())
            .forUpdate(), "account", "mailbox");
    private static final RenderedQuery MOVE_RECENT_MARK = RenderedQuery.of(DSL.update(MAILBOXES)
            .set(MAILBOXES.FIRST_RECENT_UID, DSL.param("upTo", Long.class))
            .where(Mailboxes.byKeyParams()),
            "upTo", "account", "mailbox");

    private MailboxSelect() {}

    private record Pass(long[] uids, long firstUnseenUid, boolean anyKeywords) {
        long lastUid() {
            return uids.length == 0 ? 0 : uids[uids.length - 1];
        }
    }

    static Optional<MailboxSnapshot> read(DSLContext t, Account account, String name, boolean claimRecent) throws SQLException {
        MailboxesRecord m = Mailboxes.row(t, account.id(), name);
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
     * One statement, so one snapshot, that sends one row when the mailbox has no hole, the common case of a mailbox
     * only appended to, and otherwise that row and then one row per UID, ascending, from the primary key.
     *
     * <p>No hole means the count fills the span from the lowest to the highest UID. Counting is an O(n) pass, so it
     * runs only when the {@code expunged} table (every removal records its UID there) names no UID inside the span:
     * a mailbox with holes then costs two index probes more than streaming its UIDs did, and one without costs the
     * count, less than half of streaming them (13 against 30 ms at best for 100,000). The count still decides, so a
     * row lost without an expunged record falls back to the stream, never to a UID that is not there. The first unseen UID (messages_unseen_idx) and
     * whether any keyword exists (messages_keywords_idx) are uncorrelated subqueries computed once. Reading seen
     * and keywords per row instead visits every heap row, several times the cost on a large mailbox.
     */
    private static final String PASS_SQL = """
            WITH span AS (SELECT min(uid) AS lo, max(uid) AS hi FROM messages WHERE account_id = {0} AND mailbox_id = {1}),
                 hinted AS (SELECT EXISTS (SELECT 1 FROM expunged e, span WHERE e.account_id = {0} AND e.mailbox_id = {1}
                                           AND e.uid BETWEEN span.lo AND span.hi) AS holes),
                 counted AS (SELECT count(*) AS n FROM messages WHERE account_id = {0} AND mailbox_id = {1}
                             AND NOT (SELECT holes FROM hinted)),
                 summary AS (SELECT span.lo, span.hi, NOT hinted.holes AND counted.n = span.hi - span.lo + 1 AS contiguous
                             FROM span, hinted, counted)
            SELECT summary.lo, summary.hi, summary.contiguous,
                   (SELECT min(uid) FROM messages WHERE account_id = {0} AND mailbox_id = {1} AND NOT seen),
                   EXISTS (SELECT 1 FROM messages WHERE account_id = {0} AND mailbox_id = {1} AND keywords <> '{}'),
                   NULL::bigint
            FROM summary
            UNION ALL
            (SELECT NULL, NULL, NULL, NULL, NULL, uid FROM messages WHERE account_id = {0} AND mailbox_id = {1}
             AND NOT (SELECT contiguous FROM summary) ORDER BY uid)""";

    private static final int LOW = 1, HIGH = 2, CONTIGUOUS = 3, FIRST_UNSEEN = 4, ANY_KEYWORDS = 5, UID = 6;

    private static Pass pass(DSLContext t, long accountId, long mailboxId) throws SQLException {
        long low = 0, high = 0, unseen = 0;
        boolean contiguous = false, keywords = false;
        LongArrayBuilder listed = new LongArrayBuilder();
        try (ResultSet rs = t.resultQuery(PASS_SQL, DSL.val(accountId), DSL.val(mailboxId))
                .fetchSize(Messages.UID_CURSOR_ROWS).fetchResultSet()) {
            while (rs.next()) {
                long uid = rs.getLong(UID);
                if (!rs.wasNull()) {
                    listed.add(uid);
                    continue;
                }
                low = rs.getLong(LOW);
                high = rs.getLong(HIGH);
                contiguous = rs.getBoolean(CONTIGUOUS);
                unseen = rs.getLong(FIRST_UNSEEN);
                keywords = rs.getBoolean(ANY_KEYWORDS);
            }
        }
        return new Pass(contiguous ? range(low, high) : ascending(listed.toArray()), unseen, keywords);
    }

    private static long[] range(long low, long high) {
        long[] uids = new long[Math.toIntExact(high - low + 1)];
        for (int i = 0; i < uids.length; i++) uids[i] = low + i;
        return uids;
    }

    /** The streamed branch's ORDER BY gives UID order; sorted here only if a plan ever returned them otherwise. */
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
        Long previous = LOCK_RECENT_MARK.resultQuery(t, accountId, mailboxId).fetchOne(MAILBOXES.FIRST_RECENT_UID);
        if (previous == null) throw new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "no such mailbox (id " + mailboxId + ")");
        if (previous >= upTo) return upTo;
        MOVE_RECENT_MARK.query(t, upTo, accountId, mailboxId).execute();
        return previous;
    }
}

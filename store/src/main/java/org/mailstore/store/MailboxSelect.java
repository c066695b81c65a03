package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.MAILBOXES;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.mailstore.schema.jooq.tables.records.MailboxesRecord;

/**
 * SELECT and EXAMINE in one transaction of two statements in the usual case: the mailbox row by name, then one pass
 * over its message rows that yields the UIDs (as one range when the mailbox has no hole, else row by row in UID
 * order through the primary key), the first unseen UID and whether any message has a keyword. Only then, and only when needed, come the distinct keywords and the \Recent
 * claim. A session selecting again the mailbox it has selected offers what it knows ({@link KnownMailbox}); then the
 * pass is its UIDs brought up to date with the changes since its MODSEQ, which costs the changes, not the rows.
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

    static Optional<MailboxSnapshot> read(DSLContext t, Account account, String name, boolean claimRecent,
                                          KnownMailbox known) throws SQLException {
        MailboxesRecord m = Mailboxes.row(t, account.id(), name);
        if (m == null) return Optional.empty();
        boolean same = known != null && known.mailboxId() == m.getMailboxId() && known.uidValidity() == m.getUidvalidity()
                && known.modseq() <= m.getHighestmodseq();
        Pass pass = same ? updated(t, account.id(), known) : pass(t, account.id(), m.getMailboxId());
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
    /** The first unseen UID (messages_unseen_idx) and whether any keyword exists (messages_keywords_idx). */
    private static final String FIRST_UNSEEN_SQL = "(SELECT min(uid) FROM messages WHERE account_id = {0} AND mailbox_id = {1} AND NOT seen)";
    private static final String ANY_KEYWORD_SQL = "EXISTS (SELECT 1 FROM messages WHERE account_id = {0} AND mailbox_id = {1} AND keywords <> '{}')";
    private static final String UNSEEN_AND_KEYWORDS_SQL = "SELECT " + FIRST_UNSEEN_SQL + ", " + ANY_KEYWORD_SQL;

    private static final String PASS_SQL = """
            WITH span AS (SELECT min(uid) AS lo, max(uid) AS hi FROM messages WHERE account_id = {0} AND mailbox_id = {1}),
                 hinted AS (SELECT EXISTS (SELECT 1 FROM expunged e, span WHERE e.account_id = {0} AND e.mailbox_id = {1}
                                           AND e.uid BETWEEN span.lo AND span.hi) AS holes),
                 counted AS (SELECT count(*) AS n FROM messages WHERE account_id = {0} AND mailbox_id = {1}
                             AND NOT (SELECT holes FROM hinted)),
                 summary AS (SELECT span.lo, span.hi, NOT hinted.holes AND counted.n = span.hi - span.lo + 1 AS contiguous
                             FROM span, hinted, counted)
            SELECT summary.lo, summary.hi, summary.contiguous, %s, %s, NULL::bigint
            FROM summary
            UNION ALL
            (SELECT NULL, NULL, NULL, NULL, NULL, uid FROM messages WHERE account_id = {0} AND mailbox_id = {1}
             AND NOT (SELECT contiguous FROM summary) ORDER BY uid)""".formatted(FIRST_UNSEEN_SQL, ANY_KEYWORD_SQL);

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

    /**
     * The pass for a mailbox the session has selected already: its known UIDs less those expunged above its MODSEQ,
     * plus those changed above it that it lacks (arrivals), read through the MODSEQ indexes ({@link ChangesSince});
     * then the first unseen UID and whether any keyword exists, from their partial indexes. Every arrival and
     * expunge takes a MODSEQ above the mailbox's HIGHESTMODSEQ under its row lock, so no change hides below the
     * known MODSEQ: the same rule a selected session's updates rest on ({@link Messages#changes}).
     */
    private static Pass updated(DSLContext t, long accountId, KnownMailbox known) {
        MailboxChanges changes = ChangesSince.read(t, accountId, known.mailboxId(), known.modseq(), true);
        long[] uids = changes.appliedTo(known.uids());
        Record r = t.resultQuery(UNSEEN_AND_KEYWORDS_SQL, DSL.val(accountId), DSL.val(known.mailboxId())).fetchOne();
        Long firstUnseen = r.get(0, Long.class);
        return new Pass(uids, firstUnseen == null ? 0 : firstUnseen, r.get(1, Boolean.class));
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

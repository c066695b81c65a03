package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plan of a session's read of changes ({@link ChangesSince}): PostgreSQL plans a prepared statement for its
 * values five times, then keeps a generic plan only if that is estimated no dearer. A read by {@code modseq > $3}
 * alone never was, so it was planned on every call; the MODSEQ passed through the mailbox row is estimated alike in
 * both, so the generic plan is kept.
 */
class ChangesSinceTest {
    private static final int MORE_ROWS = 3_000;
    private static final int EXECUTIONS = 8;

    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    @Test
    void theChangesStatementKeepsAGenericPlanWhereTheReadByModseqAloneIsPlannedOnEveryCall() throws SQLException {
        Account a = f.withMessages("changes-plan@example.org", 1);
        long box = f.mailbox(a, "INBOX").id();
        try (Connection c = f.dataSource.getConnection()) {
            addRows(c, a.id(), box);
            long known = f.store.mailboxes().highestModseq(a, box) - 1;
            String byModseqAlone = "SELECT * FROM messages WHERE modseq > $1 AND account_id = $2 AND mailbox_id = $3 ORDER BY uid";
            assertEquals(0, genericPlans(c, byModseqAlone, known, a.id(), box),
                    "the read by MODSEQ alone is planned for its values every time (else this test shows nothing)");
            assertTrue(genericPlans(c, numbered(ChangesSince.sql(true)), known, a.id(), box) > 0, "with expunges");
            assertTrue(genericPlans(c, numbered(ChangesSince.sql(false)), known, a.id(), box) > 0, "without expunges");
        }
        MailboxChanges changes = f.store.messages().changes(a, box, f.store.mailboxes().highestModseq(a, box) - 1, true);
        assertEquals(1, changes.changed().size(), "one message above the MODSEQ below the top");
    }

    /** The mailbox's first message copied {@value #MORE_ROWS} times, each with a UID and a MODSEQ of its own. */
    private static void addRows(Connection c, long account, long box) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO messages (account_id, mailbox_id, uid, modseq, seen, answered, flagged, deleted, draft, keywords,
                                      internal_date, size, blob_hash, saved_at)
                SELECT account_id, mailbox_id, uid + g, modseq + g, seen, answered, flagged, deleted, draft, keywords,
                       internal_date, size, blob_hash, saved_at
                FROM messages, generate_series(1, ?) g WHERE account_id = ? AND mailbox_id = ? AND uid = 1""");
             PreparedStatement raise = c.prepareStatement(
                     "UPDATE mailboxes SET uidnext = uidnext + ?, highestmodseq = highestmodseq + ? WHERE account_id = ? AND mailbox_id = ?");
             Statement analyze = c.createStatement()) {
            s.setInt(1, MORE_ROWS);
            s.setLong(2, account);
            s.setLong(3, box);
            assertEquals(MORE_ROWS, s.executeUpdate());
            raise.setLong(1, MORE_ROWS);
            raise.setLong(2, MORE_ROWS);
            raise.setLong(3, account);
            raise.setLong(4, box);
            assertEquals(1, raise.executeUpdate());
            analyze.execute("ANALYZE messages");
        }
    }

    /** How many of {@value #EXECUTIONS} executions of {@code sql} ($1 to $3 bound) used the generic plan. */
    private static long genericPlans(Connection c, String sql, long known, long account, long box) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PREPARE changes_plan(bigint, bigint, bigint) AS " + sql);
            try {
                for (int i = 0; i < EXECUTIONS; i++) s.execute("EXECUTE changes_plan(" + known + ", " + account + ", " + box + ")");
                try (ResultSet rs = s.executeQuery("SELECT generic_plans FROM pg_prepared_statements WHERE name = 'changes_plan'")) {
                    assertTrue(rs.next());
                    return rs.getLong(1);
                }
            } finally {
                s.execute("DEALLOCATE changes_plan");
            }
        }
    }

    /** JDBC's ? placeholders as $1, $2, ... in order (the rendered statement has no ? elsewhere). */
    private static String numbered(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            if (ch == '?') out.append('$').append(++n);
            else out.append(ch);
        }
        assertEquals(3, n, sql);
        return out.toString();
    }
}

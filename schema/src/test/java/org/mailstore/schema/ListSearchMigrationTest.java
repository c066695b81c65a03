package org.mailstore.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.mailstore.schema.testing.TestDatabase;

/** Schema V11: the rows a site already has get their list_search when it upgrades, and later inserts by the trigger. */
class ListSearchMigrationTest {
    @Test
    void theUpgradeFillsExistingRowsAndTheTriggerFillsNewOnes() throws Exception {
        TestDatabase.Coordinates db = TestDatabase.freshEmpty();
        flyway(db).target("10").load().migrate();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("""
                    INSERT INTO accounts (address, password_hash) VALUES ('a@example.org', 'x');
                    INSERT INTO mailboxes (account_id, name, uidvalidity) VALUES (1, 'INBOX', 1);""");
            blob(c, 1, "Subject: Old\r\n Report\r\nX-Tag: report\r\nFrom: A@B.C\r\nReceived: from x\r\n\r\n");
            blob(c, 2, "Subject: =?utf-8?q?caf=C3=A9?=\r\n\r\n");
            blob(c, 3, "X-Tag: only\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n\r\n");
            for (int uid = 1; uid <= 3; uid++) message(c, uid, uid);
        }
        flyway(db).load().migrate();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            assertEquals("subject: old report\nfrom: a@b.c", listSearch(c, 1), "the listed lines, unfolded and lower-cased, in header order");
            assertNull(listSearch(c, 2), "no search text for the header, so none for its lines");
            assertEquals("", listSearch(c, 3), "a header without any of the fields");
            message(c, 4, 1);
            assertEquals("subject: old report\nfrom: a@b.c", listSearch(c, 4), "filled by the trigger on insert");
            st.execute("UPDATE messages SET list_search = 'stale', blob_hash = blob_hash WHERE uid = 4");
            assertEquals("subject: old report\nfrom: a@b.c", listSearch(c, 4), "and whenever blob_hash is written");
        }
    }

    private static FluentConfiguration flyway(TestDatabase.Coordinates db) {
        return Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration");
    }

    private static void blob(Connection c, int n, String header) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO blobs (blob_hash, size, header_size, body_lines, header, envelope, body, bodystructure, parts,
                                   header_search)
                VALUES (?, 1, 1, 0, ?, '', '', '', '[]', mailstore_header_search(?))""")) {
            byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
            ps.setBytes(1, hash(n));
            ps.setBytes(2, bytes);
            ps.setBytes(3, bytes);
            ps.executeUpdate();
        }
    }

    private static void message(Connection c, int uid, int blob) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO messages (account_id, mailbox_id, uid, modseq, internal_date, size, blob_hash)
                VALUES (1, 1, ?, 1, now(), 1, ?)""")) {
            ps.setInt(1, uid);
            ps.setBytes(2, hash(blob));
            ps.executeUpdate();
        }
    }

    private static String listSearch(Connection c, int uid) throws Exception {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT list_search FROM messages WHERE uid = " + uid)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static byte[] hash(int n) {
        byte[] h = new byte[32];
        h[31] = (byte) n;
        return h;
    }
}

package org.mailstore.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.mailstore.schema.testing.TestDatabase;

/**
 * Schema V12: blob_header holds each blobs row's header, size and line count — the rows a site has when it upgrades,
 * and every row written after, however it is written (one row, several with ON CONFLICT, a restore's COPY).
 */
class BlobHeaderMigrationTest {
    private static final String INSERT = """
            INSERT INTO blobs (blob_hash, size, header_size, body_lines, header, envelope, body, bodystructure, parts)
            VALUES (?, 100, ?, ?, ?, '', '', '', '[]'), (?, 100, ?, ?, ?, '', '', '', '[]') ON CONFLICT DO NOTHING""";

    @Test
    void theUpgradeCopiesExistingRowsAndTheTriggerEveryLaterOne() throws Exception {
        TestDatabase.Coordinates db = TestDatabase.freshEmpty();
        flyway(db).target("11").load().migrate();
        try (Connection c = db.connect()) {
            insertTwo(c, 1, 2);
        }
        flyway(db).load().migrate();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            assertCopied(c, 1, "by the migration");
            assertCopied(c, 2, "by the migration");

            insertTwo(c, 2, 3); // 2 exists: skipped by ON CONFLICT, and must not be copied twice
            assertCopied(c, 3, "by the trigger, for a row of a multi-row insert");
            assertEquals(3, headerRows(c), "one row per blob");

            String line = "\\\\x" + "00".repeat(31) + "04\t100\t14\t24\t\\\\x" + HexFormat.of().formatHex(header(4)) + "\t\t\t\t[]\n";
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY blobs (blob_hash, size, header_size, body_lines, header, envelope, body, bodystructure, parts) FROM STDIN",
                    new StringReader(line));
            assertCopied(c, 4, "by the trigger, for a restore's COPY");

            st.execute("DELETE FROM blobs WHERE blob_hash = '\\x" + "00".repeat(31) + "01'");
            assertEquals(3, headerRows(c), "a deleted blob takes its copy with it");
        }
    }

    private static FluentConfiguration flyway(TestDatabase.Coordinates db) {
        return Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration");
    }

    /** Blob n has header "Subject: n", a header size of n + 10 and n + 20 body lines. */
    private static void insertTwo(Connection c, int a, int b) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            int i = 1;
            for (int n : new int[] {a, b}) {
                ps.setBytes(i++, hash(n));
                ps.setLong(i++, n + 10);
                ps.setLong(i++, n + 20);
                ps.setBytes(i++, header(n));
            }
            ps.executeUpdate();
        }
    }

    private static void assertCopied(Connection c, int n, String how) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT header_size, body_lines, header FROM blob_header WHERE blob_hash = ?")) {
            ps.setBytes(1, hash(n));
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "blob " + n + " has its row " + how);
                assertEquals(n + 10, rs.getLong(1), how);
                assertEquals(n + 20, rs.getLong(2), how);
                assertArrayEquals(header(n), rs.getBytes(3), how);
            }
        }
    }

    private static long headerRows(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM blob_header")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] header(int n) {
        return ("Subject: " + n + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] hash(int n) {
        byte[] h = new byte[32];
        h[31] = (byte) n;
        return h;
    }
}

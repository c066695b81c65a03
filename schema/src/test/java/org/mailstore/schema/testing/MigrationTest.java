package org.mailstore.schema.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationTest {
    @Test
    void migrationsCreateEveryTableAndEachPerUserTableCarriesAccountId() throws Exception {
        TestDatabase.Coordinates db = TestDatabase.fresh();
        List<String> tables = new ArrayList<>();
        List<String> withoutAccount = new ArrayList<>();
        try (Connection c = db.connect();
             ResultSet rs = c.createStatement().executeQuery("""
                 SELECT t.table_name,
                        EXISTS (SELECT 1 FROM information_schema.columns col
                                 WHERE col.table_schema = 'public' AND col.table_name = t.table_name
                                   AND col.column_name = 'account_id') AS has_account
                   FROM information_schema.tables t
                  WHERE t.table_schema = 'public' AND t.table_name <> 'flyway_schema_history'
                  ORDER BY t.table_name""")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
                if (!rs.getBoolean(2)) withoutAccount.add(rs.getString(1));
            }
        }
        assertEquals(List.of("accounts", "blob_header", "blob_text", "blobs", "expunged", "mailboxes", "messages", "quotas", "search_text_queue", "subscriptions"), tables);
        // blobs, blob_header (V12: a copy of a blob's header), blob_text (V7: a blob's search text) and search_text_queue
        // (V10: blobs whose text is still to be written) describe user-agnostic content, like the blob tree (DESIGN.md
        // invariant 2).
        assertEquals(List.of("blob_header", "blob_text", "blobs", "search_text_queue"), withoutAccount);
    }
}

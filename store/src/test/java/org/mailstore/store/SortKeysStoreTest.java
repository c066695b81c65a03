package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailstore.store.mime.SortKeys;

/** blobs' SORT and THREAD key columns (schema V8): written by every append, read back whole, and old rows fall back. */
class SortKeysStoreTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    private static final List<String> HEADERS = List.of(
            "From: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.org>\r\nTo: a@example.org, b@example.org\r\nCc: Carl <carl@example.org>\r\n"
                    + "Subject: Re: [list] Lunch (fwd)\r\nDate: Tue, 3 Jun 2008 11:05:30 +0200\r\nMessage-ID: <1@x>\r\n"
                    + "References: <0@x>\r\n <00@x>\r\n\r\n",
            "Subject: no date, no addresses\r\n\r\n",
            "Subject: =?UTF-8?Q?nul=00here?=\r\nIn-Reply-To: <p@x>\r\n\r\n");

    private List<SortRow> rows(Account a) {
        long box = f.mailbox(a, "INBOX").id();
        List<SortRow> rows = new ArrayList<>();
        f.store.messages().sortKeys(a, box, new long[] {1, 2, 3, 99}, rows::add);
        return rows;
    }

    @Test
    void keysComeBackAsTheParserComputedThem() {
        Account a = f.account("sort-keys@example.org");
        for (String h : HEADERS) f.append(a, "INBOX", h + "body\r\n");
        List<SortRow> rows = rows(a);
        assertEquals(List.of(1L, 2L, 3L), rows.stream().map(SortRow::uid).toList());
        for (int i = 0; i < HEADERS.size(); i++) {
            assertEquals(SortKeys.of(HEADERS.get(i).getBytes(StandardCharsets.UTF_8)), rows.get(i).keys());
        }
        assertEquals("LUNCH", rows.get(0).keys().subject().text());
        assertEquals(List.of("<0@x>", "<00@x>"), rows.get(0).keys().references());
        assertEquals(SortKeys.NO_DATE, rows.get(1).keys().sentDate());
        assertEquals("NUL\uFFFDHERE", rows.get(2).keys().subject().text());
    }

    @Test
    void rowsWrittenBeforeTheKeyColumnsGetTheSameKeysFromTheirHeader() throws Exception {
        Account a = f.account("sort-keys-old@example.org");
        for (String h : HEADERS) f.append(a, "INBOX", h + "old row\r\n");
        List<SortRow> fresh = rows(a);
        try (Connection c = f.dataSource.getConnection(); Statement st = c.createStatement()) {
            int cleared = st.executeUpdate("UPDATE blobs SET sort_subject = NULL, sort_from = NULL, thread_refs = NULL"
                    + " WHERE blob_hash IN (SELECT blob_hash FROM messages m JOIN accounts USING (account_id)"
                    + " WHERE address = 'sort-keys-old@example.org')");
            assertEquals(HEADERS.size(), cleared);
        }
        assertEquals(fresh, rows(a));
    }
}

package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailstore.blobstore.BlobId;
import org.mailstore.store.maintenance.BlobCache;
import org.mailstore.store.maintenance.BulkLoader;
import org.mailstore.store.mime.HeaderSearchText;
import org.mailstore.store.mime.MessageMetadata;
import org.mailstore.store.mime.MessageParser;

/** blobs.header_search (schema V6): the Java text, its SQL twin that filled old rows, and the SEARCH prefilter on it. */
class HeaderSearchTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    @Test
    void unfoldsDropsCarriageReturnsAndLowerCasesAsciiOnly() {
        assertEquals("subject: bench message 7\tof the day\nfrom: a@b.c\n\n",
                text("Subject: Bench\r\n Message 7\r\n\tof the DAY\r\nFrom: A@B.C\r\n\r\n"));
        assertEquals("x: a\n b", text("X: a\n\n b"), "only the LF right before a space or tab is a fold");
        assertEquals("x: a b", text("X: a\r\n\r b"), "CRs do not stop a fold, as for the SQL twin");
    }

    @Test
    void isAbsentWhenTheDecodedTextMayDifferFromTheBytes() {
        assertNull(text("Subject: =?utf-8?q?caf=C3=A9?=\r\n\r\n"), "encoded-word");
        assertNull(HeaderSearchText.of("Subject: café\r\n\r\n".getBytes(StandardCharsets.UTF_8)), "8-bit");
        assertNull(HeaderSearchText.of(new byte[] {'X', ':', ' ', 0, '\r', '\n'}), "NUL");
        assertNull(text("Subject: a\\b\r\n\r\n"), "backslash");
    }

    @Test
    void theMigrationsSqlFunctionComputesTheSameTextAsJava() throws Exception {
        List<byte[]> headers = List.of(
                ascii("Subject: Bench\r\n Message 7\r\n\tof the DAY\r\nFrom: A@B.C\r\n\r\n"),
                ascii("X: a\n\n b"), ascii("X: a\r\n\r b\r\n\r\n"), ascii("X: \t\u000b\u007f~`|{}[]^_%'\"\r\n\r\n"),
                ascii("Subject: =?utf-8?q?caf=C3=A9?=\r\n\r\n"), ascii("Subject: a\\b\r\n\r\n"), ascii("X: =\r\n\r\n"),
                "Subject: café\r\n\r\n".getBytes(StandardCharsets.UTF_8), new byte[] {'X', ':', ' ', 0, '\r', '\n'},
                new byte[] {'X', ':', ' ', (byte) 0x80, '\\', '\r', '\n'}, new byte[0]);
        try (Connection c = f.dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT mailstore_header_search(?)")) {
            for (byte[] h : headers) {
                ps.setBytes(1, h);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(HeaderSearchText.of(h), rs.getString(1), () -> "header " + Arrays.toString(h));
                }
            }
        }
    }

    @Test
    void candidatesLeaveOutOnlyHeadersThatCannotContainTheStrings() {
        Account a = f.account("header-search@example.org");
        f.append(a, "INBOX", StoreFixture.message("Quarterly Report", "1"));
        f.append(a, "INBOX", "Subject: quarterly\r\n report\r\n\r\nfolded\r\n");
        f.append(a, "INBOX", "Subject: =?utf-8?q?Quarterly_report?=\r\n\r\nencoded\r\n");
        f.append(a, "INBOX", StoreFixture.message("Lunch", "4"));
        f.append(a, "INBOX", "Subject: caf\u00e9 report\r\n\r\n8-bit\r\n");
        long box = f.mailbox(a, "INBOX").id();
        Messages m = f.store.messages();
        assertEquals(List.of(1L, 2L, 3L, 5L), uids(m.candidateUids(a, box, Flags.NONE, Flags.NONE, List.of("report"))));
        assertEquals(List.of(1L, 2L, 3L, 5L), uids(m.candidateUids(a, box, Flags.NONE, Flags.NONE, List.of("quarterly report"))),
                "a folded subject is one line");
        assertEquals(List.of(3L, 5L), uids(m.candidateUids(a, box, Flags.NONE, Flags.NONE, List.of("café"))),
                "a non-ASCII string can only be in a header without search text");
        assertEquals(List.of(3L, 4L, 5L), uids(m.candidateUids(a, box, Flags.NONE, Flags.NONE, List.of("lunch"))));
        assertEquals(List.of(1L, 3L, 5L), uids(m.candidateUids(a, box, Flags.NONE, Flags.NONE, List.of("report", "alice"))));
        m.storeFlags(a, box, List.of(1L, 4L), Messages.FlagMode.ADD, Flags.of(List.of("\\Flagged")));
        assertEquals(List.of(1L), uids(m.candidateUids(a, box, Flags.of(List.of("\\Flagged")), Flags.NONE, List.of("report"))));
    }

    @Test
    void everyWriterOfBlobRowsFillsTheSearchText() throws Exception {
        byte[] message = ascii("Subject: Written By Maintenance\r\n\r\nbody\r\n");
        MessageMetadata m = MessageParser.parse(new ByteArrayInputStream(message));
        BlobId cached = BlobId.of(new byte[32]);
        byte[] loadedHash = new byte[32];
        loadedHash[0] = 1;
        new BlobCache(f.dataSource).store(BlobRows.Row.of(cached, message));
        new BulkLoader(f.dataSource).blobs(List.of(BlobRows.Row.of(BlobId.of(loadedHash), message)));
        String expected = HeaderSearchText.of(m.header());
        assertEquals("subject: written by maintenance\n\n", expected);
        assertEquals(expected, storedSearchText(cached.bytes()), "reconciler's cache refill");
        assertEquals(expected, storedSearchText(loadedHash), "bulk load (bench populate)");
    }

    private static String storedSearchText(byte[] hash) throws Exception {
        try (Connection c = f.dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT header_search FROM blobs WHERE blob_hash = ?")) {
            ps.setBytes(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String text(String header) {
        return HeaderSearchText.of(ascii(header));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<Long> uids(long[] a) {
        return Arrays.stream(a).boxed().toList();
    }
}

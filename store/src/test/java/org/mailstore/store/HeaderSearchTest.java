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
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailstore.blobstore.BlobId;
import org.mailstore.store.maintenance.BlobCache;
import org.mailstore.store.maintenance.BulkLoader;
import org.mailstore.store.mime.HeaderSearchText;
import org.mailstore.store.mime.MessageMetadata;
import org.mailstore.store.mime.MessageParser;

/**
 * blobs.header_search (schema V6): the Java text, its SQL twin that filled old rows, and the SEARCH prefilter on it; and
 * its listed lines in each message row (messages.list_search, V11).
 */
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
        Account a = f.withSearchSamples("header-search@example.org");
        f.append(a, "INBOX", "Subject: caf\u00e9 report\r\n\r\n8-bit\r\n");
        long box = f.mailbox(a, "INBOX").id();
        Messages m = f.store.messages();
        // Subject and From are read from the message row's list_search, X-Any from the blob's whole header text:
        // both must rule out the same messages here.
        for (String field : List.of("Subject", "X-Any")) {
            assertEquals(List.of(1L, 2L, 3L, 5L), uids(m.candidateUids(a, box, Flags.NONE, Flags.NONE, in(field, "report"))));
            assertEquals(List.of(1L, 2L, 3L, 5L), uids(m.candidateUids(a, box, Flags.NONE, Flags.NONE, in(field, "quarterly report"))),
                    "a folded subject is one line");
            assertEquals(List.of(3L, 5L), uids(m.candidateUids(a, box, Flags.NONE, Flags.NONE, in(field, "café"))),
                    "a non-ASCII string can only be in a header without search text");
            assertEquals(List.of(3L, 4L, 5L), uids(m.candidateUids(a, box, Flags.NONE, Flags.NONE, in(field, "lunch"))));
        }
        assertEquals(List.of(1L, 3L, 5L), uids(m.candidateUids(a, box, Flags.NONE, Flags.NONE,
                List.of(new HeaderSubstring("Subject", "report"), new HeaderSubstring("FROM", "alice")))));
        assertEquals(List.of(1L, 3L, 5L), uids(m.candidateUids(a, box, Flags.NONE, Flags.NONE,
                List.of(new HeaderSubstring("Subject", "report"), new HeaderSubstring("X-Any", "alice")))));
        m.storeFlags(a, box, List.of(1L, 4L), Messages.FlagMode.ADD, Flags.of(List.of("\\Flagged")));
        assertEquals(List.of(1L), uids(m.candidateUids(a, box, Flags.of(List.of("\\Flagged")), Flags.NONE, in("Subject", "report"))));
    }

    @Test
    void aListedFieldIsLookedForOnlyInTheListedLines() {
        Account a = f.account("list-search@example.org");
        f.append(a, "INBOX", "Subject: lunch\r\nX-Note: the report\r\nReceived: from subject.example\r\n\r\nbody\r\n");
        f.append(a, "INBOX", StoreFixture.message("The Report", "2"));
        long box = f.mailbox(a, "INBOX").id();
        Messages m = f.store.messages();
        assertEquals(List.of(2L), uids(m.candidateUids(a, box, Flags.NONE, Flags.NONE, in("subject", "report"))));
        assertEquals(List.of(1L, 2L), uids(m.candidateUids(a, box, Flags.NONE, Flags.NONE, in("X-Note", "report"))));
        assertEquals(List.of(), uids(m.candidateUids(a, box, Flags.NONE, Flags.NONE, in("From", "subject.example"))));
    }

    @Test
    void theRowsListSearchHoldsExactlyTheLinesOfTheListedFields() throws Exception {
        List<String> fields = List.of("From", "To", "Cc", "Bcc", "Subject", "Date", "Reply-To", "Sender", "Received",
                "Resent-To", "X-From", "Tos", "Message-ID");
        try (Connection c = f.dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT mailstore_list_search(?)")) {
            for (String field : fields) {
                for (String name : List.of(field + ":", field + " :")) {
                    ps.setString(1, HeaderSearchText.of(ascii(name + " v\r\nX-Other: w\r\n\r\n")));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        String expected = new HeaderSubstring(field, "v").inListedField() ? name.toLowerCase(Locale.ROOT) + " v" : "";
                        assertEquals(expected, rs.getString(1), name);
                    }
                }
            }
        }
    }

    @Test
    void appendAndCopyFillTheRowsListSearch() throws Exception {
        Account a = f.account("list-search-copy@example.org");
        f.append(a, "INBOX", "Subject: Hello\r\n World\r\nTo: B@Example.ORG\r\nX-A: b\r\n\r\nbody\r\n");
        f.append(a, "INBOX", "Subject: =?utf-8?q?caf=C3=A9?=\r\n\r\nbody\r\n");
        f.store.mailboxes().create(a, "Copies");
        long box = f.mailbox(a, "INBOX").id();
        long copies = f.mailbox(a, "Copies").id();
        f.store.messages().copy(a, box, List.of(1L, 2L), copies);
        for (long mailbox : new long[] {box, copies}) {
            assertEquals("subject: hello world\nto: b@example.org", listSearch(mailbox, 1));
            assertNull(listSearch(mailbox, 2), "an encoded-word header has no search text");
        }
    }

    private static String listSearch(long mailboxId, long uid) throws Exception {
        try (Connection c = f.dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT list_search FROM messages WHERE mailbox_id = ? AND uid = ?")) {
            ps.setLong(1, mailboxId);
            ps.setLong(2, uid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static List<HeaderSubstring> in(String field, String text) {
        return List.of(new HeaderSubstring(field, text));
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

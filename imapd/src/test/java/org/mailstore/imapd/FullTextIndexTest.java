package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailstore.imapd.command.SearchKey;
import org.mailstore.imapd.search.SearchEvaluator;
import org.mailstore.imapd.search.SearchInput;
import org.mailstore.store.Account;
import org.mailstore.store.Flags;
import org.mailstore.store.MessageView;
import org.mailstore.store.Messages;
import org.mailstore.store.StoreFixture;
import org.mailstore.store.maintenance.Progress;
import org.mailstore.store.maintenance.SearchTextBackfill;
import org.mailstore.store.mime.SearchText;
import org.mailstore.blobstore.FileBlobStore;

/**
 * The full-text index (schema V7) on a real PostgreSQL: SEARCH BODY and TEXT give the same answer through the index
 * (candidates from pg_trgm, then the evaluator) as the evaluator alone over every message, on a corpus of messages
 * whose text is hard to get right, and read only the candidates' blobs.
 */
class FullTextIndexTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();
    private static final Map<String, Long> UIDS = new LinkedHashMap<>();
    private static Account account;
    private static long box;

    @BeforeAll
    static void corpus() {
        account = f.account("fts@example.org");
        box = f.mailbox(account, "INBOX").id();
        add("qp", ascii("Subject: soft breaks\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
                + "The quick brown fo=\nx jumps over the l=C3=A4zy dog=\n\nand 100% of a_c\n"));
        String b64 = Base64.getMimeEncoder(8, "\r\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString("Grüße aus Köln, a needle in the haystack".getBytes(StandardCharsets.UTF_8));
        add("base64", ascii("Subject: split base64\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: base64\n\n" + b64 + "\n"));
        add("latin1", concat(ascii("Subject: latin\nContent-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: 8bit\n\n"),
                "Caf\u00e9 na\u00efve \u00c0 LA CR\u00c8ME\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        add("sjis", concat(ascii("Subject: sjis\nContent-Type: text/plain; charset=Shift_JIS\nContent-Transfer-Encoding: 8bit\n\n"),
                "日本語のテキストです\r\n".getBytes(Charset.forName("Shift_JIS"))));
        add("rfc2047", ascii("Subject: =?UTF-8?B?" + Base64.getEncoder().encodeToString("Grüße vom Schloß".getBytes(StandardCharsets.UTF_8))
                + "?=\nFrom: =?ISO-8859-1?Q?Andr=E9_M=FCller?= <andre@example.org>\n\nplain body words\n"));
        add("alternative", ascii("Subject: alt\nContent-Type: multipart/alternative; boundary=b1\n\n--b1\nContent-Type: text/plain\n\n"
                + "alternative plain words abc\n--b1\nContent-Type: text/html; charset=us-ascii\n\n<b>html only words</b> def\n--b1--\n"));
        add("attachment", ascii("Subject: att\nContent-Type: multipart/mixed; boundary=b2\n\n--b2\nContent-Type: text/plain\n\nsee attached\n"
                + "--b2\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n"
                + Base64.getEncoder().encodeToString("secretpayload inside binary".getBytes(StandardCharsets.US_ASCII))
                + "\n--b2\nContent-Type: image/png\n\nrawimagebytes\n--b2--\n"));
        add("garbage", concat(ascii("Subject: garbage\nContent-Type: text/plain; charset=utf-8\n\n"),
                new byte[] {(byte) 0xff, (byte) 0xfe, ' ', 'z', 'e', 'b', 'r', 'a', ' ', (byte) 0xc3, 'x', 'y', 'z', 0, 'n', 'u', 'l', 'l', '\r', '\n'}));
        add("rfc822", ascii("Subject: forward\nContent-Type: message/rfc822\n\nSubject: inner\nContent-Type: text/plain\n\ninner needle text\n"));
        add("case", ascii("Subject: case\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n")
                , "STRASSE Σίσυφος ǅemal KELVIN\n");
        add("untyped", concat(ascii("Subject: no type\n\n"), "8-bit ünïcödé without a charset\r\n".getBytes(StandardCharsets.UTF_8)));
        add("big", ascii("Subject: big\n\n" + "x".repeat(SearchText.MAX_CHARS + 10) + " bigneedle\n"));
        // APPEND queues the search text (schema V10); serve's indexer writes it later.
        assertEquals(UIDS.size(), f.indexSearchText());
    }

    private static final List<String> NEEDLES = List.of("fox", "quick brown fox", "L\u00c4ZY", "dog\n", "köln", "KÖLN", "needle",
            "café", "CAFÉ", "naïve", "à la crème", "日本語", "テキスト", "grüße", "GRÜSSE", "schloß", "andré müller", "from: =?",
            "alternative plain", "html only", "<b>", "abcdef", "see attached", "secretpayload", "rawimagebytes", "zebra",
            "\ufffd", "xyz", "null", "inner needle", "subject: inner", "strasse", "straße", "ΣΊΣΥΦΟΣ", "ǆemal", "ǅEMAL", "kelvin",
            "ünïcödé", "bigneedle", "100%", "a_c", "0%", "xx", "zz", "ö", "nomatchanywhere", "subject: SOFT", "soft breaks");

    @Test
    void bodyAndTextGiveTheSameAnswerWithTheIndexAsWithout() {
        for (String n : NEEDLES) {
            for (SearchKey key : List.of(new SearchKey.Body(n), new SearchKey.Text(n),
                    new SearchKey.And(List.of(new SearchKey.Text(n), new SearchKey.Body("the"))),
                    new SearchKey.Or(new SearchKey.Body(n), new SearchKey.Text("zebra")))) {
                Run exact = search(key, all());
                Run indexed = search(key, SearchCommand.candidates(f.store.messages(), account, box, key, all()));
                assertEquals(exact.hits, indexed.hits, key.toString());
            }
        }
    }

    @Test
    void theAnswersAreTheDecodedText() {
        assertEquals(uids("qp"), search(new SearchKey.Body("FOX JUMPS over the läzy dog")).hits, "QP soft breaks inside the needle");
        assertEquals(uids("base64"), search(new SearchKey.Body("köln, a needle")).hits, "base64 split across lines");
        assertEquals(uids("latin1"), search(new SearchKey.Body("À la crème")).hits);
        assertEquals(uids("sjis"), search(new SearchKey.Text("テキスト")).hits);
        assertEquals(uids("rfc2047"), search(new SearchKey.Text("grüße vom")).hits, "RFC 2047 header: TEXT sees it");
        assertEquals(uids(), search(new SearchKey.Body("grüße vom")).hits, "BODY does not search the header");
        assertEquals(uids("alternative"), search(new SearchKey.Body("HTML only")).hits);
        assertEquals(uids(), search(new SearchKey.Body("abc\ndef")).hits, "no match across two parts");
        assertEquals(uids(), search(new SearchKey.Body("secretpayload")).hits, "non-text parts are not searched");
        assertEquals(uids("garbage"), search(new SearchKey.Body("zebra")).hits);
        assertEquals(uids("rfc822"), search(new SearchKey.Body("inner needle")).hits);
        assertEquals(uids("case"), search(new SearchKey.Body("σίσυφος")).hits);
        assertEquals(uids("case"), search(new SearchKey.Body("\u212aelvin")).hits, "KELVIN SIGN folds to k");
        assertEquals(uids("big"), search(new SearchKey.Body("bigneedle")).hits);
        assertEquals(uids("qp"), search(new SearchKey.Body("100%")).hits, "LIKE wildcards are escaped");
    }

    @Test
    void onlyTheCandidatesBlobsAreRead() {
        SearchKey key = new SearchKey.Text("quick brown fox");
        long[] candidates = SearchCommand.candidates(f.store.messages(), account, box, key, all());
        assertEquals(uids("qp", "big"), toList(candidates), "the big message has no search text: always a candidate");
        Run run = search(key, candidates);
        assertEquals(uids("qp"), run.hits);
        assertEquals(Set.of(uid("qp"), uid("big")), run.opened, "blobs read: the two candidates");
        assertEquals(UIDS.size(), search(key, all()).opened.size(), "without the index every blob is read");
        assertEquals(all().length, SearchCommand.candidates(f.store.messages(), account, box, new SearchKey.Body("xx"), all()).length,
                "a needle shorter than a trigram does not narrow");
    }

    @Test
    void aBlobWithoutItsSearchTextIsAlwaysACandidate() throws Exception {
        try (Connection c = f.dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE blob_text SET text = NULL WHERE blob_hash = ?")) {
            ps.setBytes(1, hashOf("alternative"));
            assertEquals(1, ps.executeUpdate());
        }
        try {
            SearchKey key = new SearchKey.Text("see attached");
            assertEquals(uids("alternative", "attachment", "big"),
                    toList(SearchCommand.candidates(f.store.messages(), account, box, key, all())));
        } finally {
            try (Connection c = f.dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("DELETE FROM blob_text WHERE blob_hash = ?")) {
                ps.setBytes(1, hashOf("alternative"));
                ps.executeUpdate();
            }
        }
        SearchKey key = new SearchKey.Text("see attached");
        assertEquals(uids("alternative", "attachment", "big"), toList(SearchCommand.candidates(f.store.messages(), account, box, key, all())),
                "no row at all (a blob from before schema V7)");
        assertNull(textOf(hashOf("alternative")));

        SearchTextBackfill backfill = new SearchTextBackfill(f.dataSource, new FileBlobStore(f.blobDir, 2));
        assertEquals(1, backfill.pending());
        assertEquals(new SearchTextBackfill.Result(1, 0, 0), backfill.run(Progress.NONE));
        assertEquals(0, backfill.pending());
        assertTrue(textOf(hashOf("alternative")).contains("alternative plain words abc\n<b>html only words</b> def\n"));
        assertEquals(uids("attachment", "big"), toList(SearchCommand.candidates(f.store.messages(), account, box, key, all())),
                "backfilled: narrowed again");
    }

    // ---- helpers

    private record Run(List<Long> hits, Set<Long> opened) {}

    private static Run search(SearchKey key) {
        return search(key, all());
    }

    private static Run search(SearchKey key, long[] uids) {
        long[] all = all();
        SearchEvaluator evaluator = new SearchEvaluator(key, all, new long[0], ZoneOffset.UTC);
        List<Long> hits = new ArrayList<>();
        Set<Long> opened = new HashSet<>();
        Messages messages = f.store.messages();
        messages.fetch(account, box, uids, evaluator.detail(), row -> {
            MessageView v = row.view();
            SearchInput in = new SearchInput(java.util.Arrays.binarySearch(all, v.uid()) + 1, v, false, row.metadata(), (offset, length) -> {
                opened.add(v.uid());
                return messages.open(v.blobHash(), offset, length);
            });
            try {
                if (evaluator.matches(in)) hits.add(v.uid());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new Run(hits, opened);
    }

    private static long[] all() {
        return f.store.messages().list(account, box).stream().mapToLong(MessageView::uid).toArray();
    }

    private static void add(String name, byte[] raw) {
        var r = f.store.messages().append(account, "INBOX", new ByteArrayInputStream(raw), Flags.NONE, Instant.parse("2026-11-25T10:00:00Z"));
        UIDS.put(name, r.uid());
    }

    private static void add(String name, byte[] header, String utf8Body) {
        add(name, concat(header, utf8Body.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    private static long uid(String name) {
        return UIDS.get(name);
    }

    private static List<Long> uids(String... names) {
        return java.util.Arrays.stream(names).map(UIDS::get).sorted().toList();
    }

    private static List<Long> toList(long[] uids) {
        return java.util.Arrays.stream(uids).boxed().toList();
    }

    private static byte[] hashOf(String name) {
        String hex = f.store.messages().list(account, box).stream().filter(v -> v.uid() == uid(name)).findFirst().orElseThrow().blobHash();
        return java.util.HexFormat.of().parseHex(hex);
    }

    private static String textOf(byte[] hash) throws Exception {
        try (Connection c = f.dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT text FROM blob_text WHERE blob_hash = ?")) {
            ps.setBytes(1, hash);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}

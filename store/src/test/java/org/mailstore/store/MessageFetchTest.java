package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ch.qos.logback.classic.Level;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailstore.schema.testing.LogCapture;

class MessageFetchTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    private static List<FetchRow> fetch(Account a, long box, long[] uids, Messages.Detail detail) {
        List<FetchRow> rows = new ArrayList<>();
        f.store.messages().fetch(a, box, uids, detail, rows::add);
        return rows;
    }

    /** Adds {@code count} rows sharing one blob straight into the table, as a restore would: appending is too slow. */
    private static void insertRows(Account a, long box, long firstUid, long count, String blobHash) throws Exception {
        try (Connection c = f.db.connect()) {
            // Foreign-key triggers off for this bulk load (the rows reference an existing blob and mailbox): 4x faster.
            c.createStatement().execute("SET session_replication_role = replica");
            insertRows(c, a, box, firstUid, count, blobHash);
        }
    }

    private static void insertRows(Connection c, Account a, long box, long firstUid, long count, String blobHash) throws Exception {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO messages (account_id, mailbox_id, uid, modseq, seen, internal_date, size, blob_hash)
                SELECT ?, ?, g, 1, g % 2 = 0, now(), 100, decode(?, 'hex') FROM generate_series(?::bigint, ?::bigint) g""")) {
            st.setLong(1, a.id());
            st.setLong(2, box);
            st.setString(3, blobHash);
            st.setLong(4, firstUid);
            st.setLong(5, firstUid + count - 1);
            st.executeUpdate();
        }
    }

    @Test
    void listingColumnsOnlyMatchListAndSkipUidsThatAreGone() {
        Account a = f.withMessages("fetch-none@example.org", 5);
        long box = f.mailbox(a, "INBOX").id();
        List<FetchRow> rows = fetch(a, box, new long[] {2, 3, 5, 9}, Messages.Detail.NONE);
        List<MessageView> expected = f.store.messages().list(a, box).stream().filter(v -> v.uid() != 1 && v.uid() != 4).toList();
        assertEquals(expected, rows.stream().map(FetchRow::view).toList());
        rows.forEach(r -> assertNull(r.metadata()));
        assertEquals(List.of(), fetch(a, box, new long[0], Messages.Detail.FULL));
    }

    /**
     * A fetch size on an autocommit connection is ignored by PgJDBC (it reads the whole result), and jOOQ says so at
     * INFO on every such read: the small batches that run without a transaction must not ask for a cursor.
     */
    @Test
    void smallBatchesAskForNoCursorOutsideATransaction() throws Exception {
        Account a = f.withMessages("fetch-autocommit@example.org", 1);
        long box = f.mailbox(a, "INBOX").id();
        insertRows(a, box, 2, MessageFetch.SINGLE_STATEMENT_UIDS + 10, f.store.messages().list(a, box).getFirst().blobHash());
        // The test logging configuration quiets jOOQ to WARN.
        try (LogCapture jooq = LogCapture.of("org.jooq", Level.INFO)) {
            assertEquals(3, fetch(a, box, new long[] {1, 2, 3}, Messages.Detail.HEADER).size());
            long[] many = LongStream.rangeClosed(1, MessageFetch.SINGLE_STATEMENT_UIDS + 10).toArray();
            assertEquals(many.length, fetch(a, box, many, Messages.Detail.NONE).size());
            assertEquals(List.of(), jooq.messages().stream().filter(m -> m.contains("auto-commit")).toList());
        }
    }

    @Test
    void headerDetailReadsSizesAndHeaderOnly() {
        Account a = f.withMessages("fetch-header@example.org", 2);
        long box = f.mailbox(a, "INBOX").id();
        List<FetchRow> rows = fetch(a, box, new long[] {1, 2}, Messages.Detail.HEADER);
        assertEquals(2, rows.size());
        for (FetchRow r : rows) {
            BlobMetadata full = f.store.messages().metadata(r.view().blobHash());
            BlobMetadata m = r.metadata();
            assertArrayEquals(full.header(), m.header());
            assertEquals(List.of(full.blobHash(), full.size(), full.headerSize(), full.bodyLines()),
                    List.of(m.blobHash(), m.size(), m.headerSize(), m.bodyLines()));
            assertNull(m.envelope());
            assertNull(m.bodyStructure());
            assertNull(m.parts());
            assertEquals(true, m.headerComplete());
        }
    }

    /**
     * The header detail reads the narrow blob_header row (schema V12; here one made different on purpose), and a blob
     * without one (loaded with triggers off) still gets its header, from blobs.
     */
    @Test
    void headerDetailReadsTheNarrowRowAndFallsBackToBlobsWithoutIt() throws Exception {
        Account a = f.withMessages("fetch-narrow@example.org", 3);
        long box = f.mailbox(a, "INBOX").id();
        List<MessageView> views = f.store.messages().list(a, box);
        byte[] marked = "X-Narrow: yes\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (Connection c = f.db.connect();
             PreparedStatement mark = c.prepareStatement("UPDATE blob_header SET header = ? WHERE blob_hash = decode(?, 'hex')");
             PreparedStatement drop = c.prepareStatement("DELETE FROM blob_header WHERE blob_hash = decode(?, 'hex')")) {
            mark.setBytes(1, marked);
            mark.setString(2, views.get(0).blobHash());
            assertEquals(1, mark.executeUpdate());
            drop.setString(1, views.get(1).blobHash());
            assertEquals(1, drop.executeUpdate());
        }
        List<FetchRow> rows = fetch(a, box, new long[] {1, 2, 3}, Messages.Detail.HEADER);
        assertEquals(List.of(1L, 2L, 3L), rows.stream().map(r -> r.view().uid()).toList());
        assertArrayEquals(marked, rows.get(0).metadata().header(), "read from blob_header");
        for (FetchRow r : rows.subList(1, 3)) {
            BlobMetadata full = f.store.messages().metadata(r.view().blobHash());
            assertArrayEquals(full.header(), r.metadata().header(), "uid " + r.view().uid());
            assertEquals(List.of(full.headerSize(), full.bodyLines()), List.of(r.metadata().headerSize(), r.metadata().bodyLines()));
        }
    }

    @Test
    void fullDetailEqualsTheBlobMetadata() {
        Account a = f.withMessages("fetch-full@example.org", 3);
        long box = f.mailbox(a, "INBOX").id();
        for (FetchRow r : fetch(a, box, new long[] {1, 2, 3}, Messages.Detail.FULL)) {
            BlobMetadata full = f.store.messages().metadata(r.view().blobHash());
            BlobMetadata m = r.metadata();
            assertArrayEquals(full.header(), m.header());
            assertEquals(List.of(full.blobHash(), full.size(), full.headerSize(), full.bodyLines(), full.envelope(), full.body(),
                            full.bodyStructure(), full.parts()),
                    List.of(m.blobHash(), m.size(), m.headerSize(), m.bodyLines(), m.envelope(), m.body(), m.bodyStructure(), m.parts()));
        }
    }

    @Test
    void manyUidsStreamInOrderAcrossBatches() throws Exception {
        Account a = f.withMessages("fetch-many@example.org", 1);
        long box = f.mailbox(a, "INBOX").id();
        String hash = f.store.messages().list(a, box).getFirst().blobHash();
        int n = MessageFetch.MAX_BATCH_ROWS * 3 + 7;
        insertRows(a, box, 2, n, hash);
        long[] every = LongStream.rangeClosed(1, n + 1).toArray();
        long[] odd = LongStream.rangeClosed(1, n + 1).filter(u -> u % 2 == 1).toArray();
        assertArrayEquals(every, fetch(a, box, every, Messages.Detail.NONE).stream().mapToLong(r -> r.view().uid()).toArray());
        assertArrayEquals(odd, fetch(a, box, odd, Messages.Detail.HEADER).stream().mapToLong(r -> r.view().uid()).toArray());
    }

    @Test
    void denseAndSparseBatchesReturnExactlyTheUidsAskedFor() throws Exception {
        Account a = f.withMessages("fetch-shapes@example.org", 1);
        long box = f.mailbox(a, "INBOX").id();
        String hash = f.store.messages().list(a, box).getFirst().blobHash();
        int n = MessageFetch.MAX_BATCH_ROWS * 4;
        insertRows(a, box, 2, n - 1, hash);
        // Dense (read as a range, filtered here): every UID but a few; sparse (= ANY): every third UID, then a far tail.
        long[] dense = LongStream.rangeClosed(1, n).filter(u -> u % 97 != 0).toArray();
        long[] sparse = LongStream.concat(LongStream.rangeClosed(1, n).filter(u -> u % 3 == 0), LongStream.of(n + 5, n + 900)).toArray();
        long[] sparseThere = LongStream.rangeClosed(1, n).filter(u -> u % 3 == 0).toArray();
        assertArrayEquals(dense, fetch(a, box, dense, Messages.Detail.HEADER).stream().mapToLong(r -> r.view().uid()).toArray());
        assertArrayEquals(sparseThere, fetch(a, box, sparse, Messages.Detail.NONE).stream().mapToLong(r -> r.view().uid()).toArray());
        long[] gapped = {1, 2, n / 2, n - 1, n};
        assertArrayEquals(gapped, fetch(a, box, gapped, Messages.Detail.FULL).stream().mapToLong(r -> r.view().uid()).toArray());
    }

    @Test
    void aCallerThatFailsMidwayStopsTheStreamAndLeavesThePoolUsable() throws Exception {
        Account a = f.withMessages("fetch-abort@example.org", 1);
        long box = f.mailbox(a, "INBOX").id();
        String hash = f.store.messages().list(a, box).getFirst().blobHash();
        int n = MessageFetch.MAX_BATCH_ROWS * 3;
        insertRows(a, box, 2, n - 1, hash);
        long[] uids = LongStream.rangeClosed(1, n).toArray();
        List<Long> seen = new ArrayList<>();
        IllegalStateException gone = new IllegalStateException("client went away");
        for (int round = 0; round < 20; round++) { // more rounds than the pool has connections: none may leak
            seen.clear();
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> f.store.messages().fetch(a, box, uids,
                    Messages.Detail.HEADER, r -> {
                        if (r.view().uid() == MessageFetch.MAX_BATCH_ROWS + 10) throw gone;
                        seen.add(r.view().uid());
                    }));
            assertEquals(gone, thrown);
            assertEquals(MessageFetch.MAX_BATCH_ROWS + 9, seen.size());
        }
        assertEquals(n, fetch(a, box, uids, Messages.Detail.HEADER).size());
    }

    @Test
    void largeHeadersEndABatchEarlyWithoutLosingOrRepeatingRows() {
        Account a = f.account("fetch-big@example.org");
        // Each header is ~200 KB, so MAX_BATCH_BYTES (4 MB) is reached after ~20 rows, well before MAX_BATCH_ROWS.
        int n = 45;
        for (int i = 1; i <= n; i++) {
            String filler = ("X-Filler: " + "x".repeat(990) + "\r\n").repeat(200);
            f.append(a, "INBOX", "Subject: big " + i + "\r\n" + filler + "\r\nbody\r\n");
        }
        long box = f.mailbox(a, "INBOX").id();
        long[] uids = LongStream.rangeClosed(1, n).toArray();
        List<FetchRow> rows = fetch(a, box, uids, Messages.Detail.FULL);
        assertArrayEquals(uids, rows.stream().mapToLong(r -> r.view().uid()).toArray());
        for (int i = 0; i < n; i++) {
            String header = new String(rows.get(i).metadata().header(), StandardCharsets.US_ASCII);
            assertEquals("Subject: big " + (i + 1) + "\r\n", header.substring(0, header.indexOf('\n') + 1));
        }
    }

    @Test
    void laterRoundTripsCarryAboutHalfAMegabyteOfMetadata() {
        assertEquals(MessageFetch.CURSOR_ROWS, MessageFetch.chunkRows(0, 0), "nothing kept yet: as many as the first");
        assertEquals(MessageFetch.MAX_BATCH_ROWS, MessageFetch.chunkRows(0, 250), "listing columns only: a whole batch");
        assertEquals(MessageFetch.MAX_BATCH_ROWS, MessageFetch.chunkRows(250 * 200, 250), "200-byte headers");
        assertEquals(512, MessageFetch.chunkRows(250 * 1024, 250), "1 KB headers");
        assertEquals(MessageFetch.CURSOR_ROWS, MessageFetch.chunkRows(250 * 4096, 250), "4 KB headers: never fewer than the first");
        assertEquals(MessageFetch.CURSOR_ROWS, MessageFetch.chunkRows(10L * 200 * 1024, 10), "a few huge ones among skipped rows");
    }

    @Test
    void changedAndExpungedSinceAModseq() {
        Account a = f.withMessages("since@example.org", 4);
        long box = f.mailbox(a, "INBOX").id();
        long before = f.mailbox(a, "INBOX").highestModseq();
        f.store.messages().storeFlags(a, box, List.of(2L), Messages.FlagMode.ADD, Flags.of(List.of("\\Flagged")));
        f.store.messages().storeFlags(a, box, List.of(3L), Messages.FlagMode.ADD, Flags.of(List.of("\\Deleted")));
        f.store.messages().expungeDeleted(a, box, null);
        long afterExpunge = f.mailbox(a, "INBOX").highestModseq();
        f.append(a, "INBOX", StoreFixture.message("since new", "x"));
        assertEquals(List.of(2L, 5L), f.store.messages().changes(a, box, before, false).changed().stream().map(MessageView::uid).toList());
        assertEquals(List.of(true), f.store.messages().changes(a, box, before, false).changed().stream()
                .filter(v -> v.uid() == 2).map(v -> v.flags().flagged()).toList());
        assertArrayEquals(new long[] {3}, f.store.messages().expungedSince(a, box, before));
        assertArrayEquals(new long[0], f.store.messages().expungedSince(a, box, afterExpunge));
        assertEquals(List.of(5L), f.store.messages().changes(a, box, afterExpunge, false).changed().stream().map(MessageView::uid).toList());
    }

    @Test
    void uidsAreAscendingAndUnsortedInputIsRefused() {
        Account a = f.withMessages("uids@example.org", 4);
        long box = f.mailbox(a, "INBOX").id();
        f.store.messages().storeFlags(a, box, List.of(2L), Messages.FlagMode.ADD, Flags.of(List.of("\\Deleted")));
        f.store.messages().expungeDeleted(a, box, null);
        assertArrayEquals(new long[] {1, 3, 4}, f.store.messages().uids(a, box));
        assertArrayEquals(new long[0], f.store.messages().uids(a, f.mailbox(a, "Trash").id()));
        assertThrows(IllegalArgumentException.class,
                () -> f.store.messages().fetch(a, box, new long[] {3, 1}, Messages.Detail.NONE, r -> { }));
    }

    @Test
    void aMillionUidsComeBackQuicklyAsPrimitives() throws Exception {
        Account a = f.withMessages("million@example.org", 1);
        long box = f.mailbox(a, "INBOX").id();
        String hash = f.store.messages().list(a, box).getFirst().blobHash();
        insertRows(a, box, 2, 999_999, hash);
        try (Connection c = f.db.connect()) {
            c.createStatement().execute("VACUUM ANALYZE messages");
        }
        long start = System.nanoTime();
        long[] uids = f.store.messages().uids(a, box);
        long uidMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1_000_000, uids.length);
        assertArrayEquals(LongStream.rangeClosed(1, 1_000_000).toArray(), uids);
        start = System.nanoTime();
        MailboxStatus status = f.store.mailboxes().status(a, box);
        long statusMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1_000_000, status.messages());
        assertEquals(500_000, status.unseen(), "the appended message (UID 1) and the odd inserted UIDs 3..999,999 are unseen");
        assertEquals(1, status.firstUnseenUid());
        // Generous bounds: they catch a per-row round trip or object graph, not a slow machine.
        org.junit.jupiter.api.Assertions.assertTrue(uidMillis < 5_000, "uids took " + uidMillis + " ms");
        org.junit.jupiter.api.Assertions.assertTrue(statusMillis < 5_000, "status took " + statusMillis + " ms");
        org.slf4j.LoggerFactory.getLogger(MessageFetchTest.class).info("1,000,000 messages: uids {} ms, status {} ms", uidMillis, statusMillis);
    }
}

package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailstore.schema.jooq.Tables.BLOB_TEXT;
import static org.mailstore.schema.jooq.Tables.SEARCH_TEXT_QUEUE;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.types.DayToSecond;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailstore.blobstore.FileBlobStore;
import org.mailstore.store.maintenance.Progress;
import org.mailstore.store.maintenance.SearchTextBackfill;
import org.mailstore.store.mime.ByteRanges;
import org.mailstore.store.mime.MessageParser;
import org.mailstore.store.mime.SearchText;

/** Search text written after delivery (schema V10): the queue, a batch, concurrent indexers, lost blobs. */
class SearchTextIndexerTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    private DSLContext sql() {
        return DSL.using(f.dataSource, SQLDialect.POSTGRES);
    }

    private SearchTextIndexer indexer() {
        return new SearchTextIndexer(f.dataSource, new FileBlobStore(f.blobDir, 2));
    }

    @BeforeEach
    void emptyQueue() {
        f.indexSearchText();
    }

    @Test
    void deliveryQueuesTheTextAndABatchWritesWhatSearchTextGives() throws Exception {
        Account a = f.account("queued@example.org");
        List<DeliveryOutcome> out = f.deliver(StoreFixture.message("queued", "a haystack with one needle"), new Recipient(a.address()));
        byte[] hash = HexFormat.of().parseHex(out.getFirst().blobHash());
        assertEquals(List.of(HexFormat.of().formatHex(hash)), queuedHex(), "queued in the delivery transaction");
        assertEquals(0, sql().fetchCount(BLOB_TEXT, BLOB_TEXT.BLOB_HASH.eq(hash)), "no text written at delivery");

        assertEquals(new SearchTextIndexer.Batch(1, 0, 0), indexer().runBatch());

        byte[] raw = Files.readAllBytes(blobFile(out.getFirst().blobHash()));
        String expected = SearchText.of(MessageParser.parse(new ByteArrayInputStream(raw)), ByteRanges.of(raw));
        assertNotNull(expected);
        assertEquals(expected, sql().select(BLOB_TEXT.TEXT).from(BLOB_TEXT).where(BLOB_TEXT.BLOB_HASH.eq(hash)).fetchOne(BLOB_TEXT.TEXT));
        assertEquals(List.of(), queuedHex());
        assertEquals(new SearchTextIndexer.Batch(0, 0, 0), indexer().runBatch(), "nothing left");
    }

    @Test
    void appendQueuesTheTextToo() {
        Account a = f.account("appended@example.org");
        AppendResult r = f.append(a, "INBOX", StoreFixture.message("appended", "body"));
        assertEquals(List.of(r.blobHash()), queuedHex());
        assertEquals(1, f.indexSearchText());
    }

    @Test
    void searchBodyFindsTheMessageBeforeItIsIndexedAndAfter() {
        Account a = f.account("before-after@example.org");
        long box = f.mailbox(a, "INBOX").id();
        long hit = f.append(a, "INBOX", StoreFixture.message("one", "the zeppelin flies")).uid();
        long miss = f.append(a, "INBOX", StoreFixture.message("two", "the balloon floats")).uid();
        List<String> needle = List.of("zeppelin");

        assertArrayEquals(new long[] {hit, miss}, candidates(a, box, needle), "unindexed: both are candidates the evaluator reads");
        assertEquals(2, f.indexSearchText());
        assertArrayEquals(new long[] {hit}, candidates(a, box, needle), "indexed: the text rules the other out");
    }

    @Test
    void twoIndexersTakeDisjointBatchesAndIndexEachBlobOnce() throws Exception {
        Account a = f.account("concurrent@example.org");
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < 450; i++) hashes.add(f.append(a, "INBOX", StoreFixture.message("concurrent " + i, "body " + i)).blobHash());
        assertEquals(450, queuedHex().size());

        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                SearchTextIndexer indexer = indexer();
                runs.add(pool.submit(() -> {
                    go.await();
                    int indexed = 0;
                    for (SearchTextIndexer.Batch b = indexer.runBatch(); b.taken() > 0; b = indexer.runBatch()) indexed += b.indexed();
                    return indexed;
                }));
            }
            go.countDown();
            assertEquals(450, runs.get(0).get() + runs.get(1).get(), "each blob read and written by one indexer only");
        }
        assertAllIndexed(hashes);
    }

    @Test
    void aBacklogIsCountedInFullBatchesAndTheBackgroundIndexerRunsThemSideBySide() throws Exception {
        Account a = f.account("backlog@example.org");
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < 450; i++) hashes.add(f.append(a, "INBOX", StoreFixture.message("backlog " + i, "body " + i)).blobHash());
        Duration gather = Duration.ofMinutes(10);
        assertEquals(2, indexer().dueBatches(gather, 4), "two full batches; the 50 behind them wait for company");
        assertEquals(1, indexer().dueBatches(gather, 1));

        try (SearchTextIndexing background = SearchTextIndexing.start(indexer(), SearchTextBacklog.NONE, 2)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!queuedHex().isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
        }
        assertAllIndexed(hashes);
    }


    @Test
    void writersWaitWhileTheQueueIsOverTheBacklogLimitAndGoOnOnceTheIndexerHasCaughtUp() throws Exception {
        Account a = f.account("stall@example.org");
        for (int i = 0; i < 150; i++) f.append(a, "INBOX", StoreFixture.message("stall " + i, "body " + i));
        SearchTextBacklog backlog = new SearchTextBacklog(new SearchTextBacklog.Settings(100, Duration.ofMinutes(1)));
        assertTrue(indexer().queuedMoreThan(100));
        assertFalse(indexer().queuedMoreThan(150));
        // The test's transaction holds every queued row, so the indexer's SKIP LOCKED batches take none of them and
        // the queue stays over the limit for as long as the test needs it to.
        try (var held = f.dataSource.getConnection()) {
            held.setAutoCommit(false);
            DSL.using(held, SQLDialect.POSTGRES).selectFrom(SEARCH_TEXT_QUEUE).forUpdate().fetch();
            try (SearchTextIndexing background = SearchTextIndexing.start(indexer(), backlog, 1)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!backlog.waiting() && System.nanoTime() < deadline) Thread.sleep(20);
                assertTrue(backlog.waiting(), "150 queued, limit 100");
                Future<?> writer;
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    writer = pool.submit(backlog::awaitRoom);
                    Thread.sleep(300);
                    assertFalse(writer.isDone(), "a writer waits while the backlog is over the limit");
                    held.rollback();
                    writer.get(45, java.util.concurrent.TimeUnit.SECONDS);
                }
                assertTrue(queuedHex().size() <= 100, "let go once the indexer had taken the queue under the limit");
                assertFalse(backlog.waiting());
            }
        }
        assertFalse(backlog.waiting(), "closing lifts the wait");
    }

    @Test
    void aBatchIsDueWhenFullOrWhenItsOldestBlobHasWaitedTheGatherTime() {
        Account a = f.account("gather@example.org");
        SearchTextIndexer indexer = indexer();
        Duration gather = Duration.ofMinutes(10);
        assertEquals(0, indexer.dueBatches(gather, 1), "nothing queued");
        f.append(a, "INBOX", StoreFixture.message("gather 0", "alone"));
        assertEquals(0, indexer.dueBatches(gather, 1), "one fresh blob waits for company");
        assertEquals(1, indexer.dueBatches(Duration.ZERO, 1), "...until it has waited the gather time");
        sql().update(SEARCH_TEXT_QUEUE).set(SEARCH_TEXT_QUEUE.QUEUED_AT, DSL.currentOffsetDateTime().minus(DayToSecond.valueOf(Duration.ofMinutes(11)))).execute();
        assertEquals(1, indexer.dueBatches(gather, 1), "waited eleven minutes");
        sql().update(SEARCH_TEXT_QUEUE).set(SEARCH_TEXT_QUEUE.QUEUED_AT, DSL.currentOffsetDateTime().minus(DayToSecond.valueOf(Duration.ofMinutes(9)))).execute();
        assertEquals(0, indexer.dueBatches(gather, 1), "waited nine minutes");
        sql().update(SEARCH_TEXT_QUEUE).set(SEARCH_TEXT_QUEUE.QUEUED_AT, DSL.currentOffsetDateTime()).execute();
        for (int i = 1; i < SearchTextIndexer.BATCH - 1; i++) f.append(a, "INBOX", StoreFixture.message("gather " + i, "body " + i));
        assertEquals(0, indexer.dueBatches(gather, 1), "one short of a batch");
        f.append(a, "INBOX", StoreFixture.message("gather last", "the batch is full"));
        assertEquals(1, indexer.dueBatches(gather, 1), "a full batch");
    }

    @Test
    void aLargeMessageIsReadRangeByRangeAndGetsTheSameText() throws Exception {
        Account a = f.account("large@example.org");
        String body = ("a long line of a large message with a needle in it " + "x".repeat(60) + "\r\n").repeat(3000);
        String raw = StoreFixture.message("large", body);
        assertTrue(raw.length() > SearchTextReader.READ_WHOLE_BYTES, "larger than one read: " + raw.length());
        String hash = f.append(a, "INBOX", raw).blobHash();
        assertEquals(new SearchTextIndexer.Batch(1, 0, 0), indexer().runBatch());
        byte[] stored = Files.readAllBytes(blobFile(hash));
        String expected = SearchText.of(MessageParser.parse(new ByteArrayInputStream(stored)), ByteRanges.of(stored));
        assertNotNull(expected);
        assertEquals(expected, sql().select(BLOB_TEXT.TEXT).from(BLOB_TEXT).where(BLOB_TEXT.BLOB_HASH.eq(HexFormat.of().parseHex(hash))).fetchOne(BLOB_TEXT.TEXT));
    }

    @Test
    void aBlobThatCannotBeReadIsTriedAgainLaterAndHoldsUpNoOther() throws Exception {
        Account a = f.account("unreadable@example.org");
        String bad = f.append(a, "INBOX", StoreFixture.message("unreadable", "an I/O error")).blobHash();
        String good = f.append(a, "INBOX", StoreFixture.message("readable", "fine")).blobHash();
        Path file = blobFile(bad);
        byte[] raw = Files.readAllBytes(file);
        Files.delete(file);
        Files.createDirectory(file); // reading it fails with an I/O error; the blob is not missing

        assertEquals(new SearchTextIndexer.Batch(1, 0, 1), indexer().runBatch());
        assertEquals(1, sql().fetchCount(BLOB_TEXT, BLOB_TEXT.BLOB_HASH.eq(HexFormat.of().parseHex(good))));
        assertEquals(List.of(bad), queuedHex(), "kept in the queue");
        assertEquals(0, indexer().dueBatches(Duration.ZERO, 1), "put " + SearchTextIndexer.RETRY_UNREADABLE + " into the future");
        assertEquals(new SearchTextIndexer.Batch(0, 0, 0), indexer().runBatch(), "not taken before then");

        Files.delete(file);
        Files.write(file, raw);
        sql().update(SEARCH_TEXT_QUEUE).set(SEARCH_TEXT_QUEUE.QUEUED_AT, DSL.currentOffsetDateTime()).execute();
        assertEquals(new SearchTextIndexer.Batch(1, 0, 0), indexer().runBatch(), "read once its time has come");
        assertEquals(List.of(), queuedHex());
    }

    @Test
    void aQueuedBlobWhoseFileIsGoneIsDroppedAndTheOthersAreIndexed() throws Exception {
        Account a = f.account("lost@example.org");
        String kept1 = f.append(a, "INBOX", StoreFixture.message("kept 1", "first")).blobHash();
        String lost = f.append(a, "INBOX", StoreFixture.message("lost", "gone")).blobHash();
        String kept2 = f.append(a, "INBOX", StoreFixture.message("kept 2", "second")).blobHash();
        Files.delete(blobFile(lost));

        assertEquals(new SearchTextIndexer.Batch(2, 1, 0), indexer().runBatch());
        assertEquals(List.of(), queuedHex());
        assertEquals(0, sql().fetchCount(BLOB_TEXT, BLOB_TEXT.BLOB_HASH.eq(HexFormat.of().parseHex(lost))));
        for (String kept : List.of(kept1, kept2)) {
            assertEquals(1, sql().fetchCount(BLOB_TEXT, BLOB_TEXT.BLOB_HASH.eq(HexFormat.of().parseHex(kept))), kept);
        }
    }

    @Test
    void theBackgroundIndexerCatchesUpAndStopsWithoutWaitingOutItsPoll() throws Exception {
        Account a = f.account("background@example.org");
        String hash = f.append(a, "INBOX", StoreFixture.message("background", "indexed by serve's thread")).blobHash();
        long closeNanos;
        try (SearchTextIndexing background = f.store.startSearchTextIndexing(SearchTextBacklog.Settings.DEFAULT)) {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (!queuedHex().isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
            assertEquals(List.of(), queuedHex());
            Thread.sleep(50); // now idle, waiting out IDLE_POLL
            closeNanos = System.nanoTime();
        }
        closeNanos = System.nanoTime() - closeNanos;
        assertEquals(1, sql().fetchCount(BLOB_TEXT, BLOB_TEXT.BLOB_HASH.eq(HexFormat.of().parseHex(hash)).and(BLOB_TEXT.TEXT.isNotNull())));
        assertTrue(closeNanos < SearchTextIndexing.IDLE_POLL.toNanos(), "closed in " + closeNanos / 1_000_000 + " ms");
    }

    @Test
    void indexRebuildDrainsTheQueue() throws Exception {
        Account a = f.account("rebuild@example.org");
        String hash = f.append(a, "INBOX", StoreFixture.message("rebuild", "text for the backfill")).blobHash();
        SearchTextBackfill backfill = new SearchTextBackfill(f.dataSource, new FileBlobStore(f.blobDir, 2));
        assertEquals(1, backfill.pending());
        assertEquals(new SearchTextBackfill.Result(1, 0, 0), backfill.run(Progress.NONE));
        assertEquals(List.of(), queuedHex());
        assertEquals(1, sql().fetchCount(BLOB_TEXT, BLOB_TEXT.BLOB_HASH.eq(HexFormat.of().parseHex(hash))));
    }

    @Test
    void indexRebuildTriesAnUnreadableBlobAgainAndCountsIt() throws Exception {
        Account a = f.account("rebuild-unreadable@example.org");
        Path file = blobFile(f.append(a, "INBOX", StoreFixture.message("unreadable", "for the backfill")).blobHash());
        Files.delete(file);
        Files.createDirectory(file);
        SearchTextBackfill backfill = new SearchTextBackfill(f.dataSource, new FileBlobStore(f.blobDir, 2));
        // other tests leave lost blobs behind, which the backfill counts as missing
        assertEquals(1, backfill.run(Progress.NONE).unreadable(), "counted once, not per attempt");
        assertEquals(1, queuedHex().size(), "still queued for serve's indexer");
    }

    private long[] candidates(Account a, long box, List<String> text) {
        return f.store.messages().candidateUids(a, box, Flags.NONE, Flags.NONE, List.of(), text);
    }

    /** The queue is empty and every one of {@code hashes} has its search text. */
    private void assertAllIndexed(List<String> hashes) {
        assertEquals(List.of(), queuedHex());
        byte[][] all = hashes.stream().map(HexFormat.of()::parseHex).toArray(byte[][]::new);
        assertEquals(hashes.size(), sql().fetchCount(BLOB_TEXT, BLOB_TEXT.BLOB_HASH.eq(DSL.any(all)).and(BLOB_TEXT.TEXT.isNotNull())));
    }

    private List<String> queuedHex() {
        return sql().select(SEARCH_TEXT_QUEUE.BLOB_HASH).from(SEARCH_TEXT_QUEUE).orderBy(SEARCH_TEXT_QUEUE.QUEUED_AT)
                .fetch(SEARCH_TEXT_QUEUE.BLOB_HASH).stream().map(HexFormat.of()::formatHex).toList();
    }

    private static Path blobFile(String hex) {
        return f.blobDir.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
    }
}

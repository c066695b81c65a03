package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.SEARCH_TEXT_QUEUE;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.types.DayToSecond;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobStore;

/**
 * Writes the search text ({@code blob_text}, schema V7) of the blobs that delivery and APPEND queued
 * ({@code search_text_queue}, V10), a batch at a time. A batch is one transaction: it locks the oldest queued hashes
 * with SKIP LOCKED (several instances on one database take disjoint batches), reads each blob's text, inserts it and
 * deletes the hashes from the queue, so a crash mid-batch leaves them queued for the next one. A blob that cannot be
 * read (an I/O error other than a missing file) stays queued but is put {@link #RETRY_UNREADABLE} into the future,
 * so it neither blocks the queue's head nor is lost if the error was passing.
 */
public final class SearchTextIndexer {
    /** Blobs per batch and transaction: enough to amortize the round trips, few enough to keep the locks short. */
    public static final int BATCH = 200;
    /** How long a blob that could not be read waits before a batch tries it again. */
    public static final Duration RETRY_UNREADABLE = Duration.ofMinutes(10);

    private final DSLContext dsl;
    private final SearchTextReader reader;

    /**
     * What one batch did: blobs given their text, blobs dropped from the queue because their file is gone, and blobs
     * that could not be read, left queued for {@link #RETRY_UNREADABLE}.
     */
    public record Batch(int indexed, int missing, int deferred) {
        public int taken() {
            return indexed + missing + deferred;
        }
    }

    public SearchTextIndexer(DataSource ds, BlobStore blobs) {
        this.dsl = DSL.using(ds, SQLDialect.POSTGRES, MailStore.renderSettings());
        this.reader = new SearchTextReader(blobs);
    }

    /** Blobs waiting for their search text. */
    public long queued() {
        return dsl.fetchCount(SEARCH_TEXT_QUEUE);
    }

    /**
     * How many batches are worth their transaction, at most {@code most}: one per full {@link #BATCH} queued, else one
     * if the oldest queued blob has waited {@code gather}, else none. A batch per few deliveries paid a transaction, a
     * commit and the GIN pending-list work each time (docs/benchmarks.md, "Search text after delivery"), so batches
     * run side by side only while full ones are waiting, and a short tail waits for company; the time is the
     * database's, so instances agree on it.
     */
    public int dueBatches(Duration gather, int most) {
        var oldest = DSL.select(SEARCH_TEXT_QUEUE.QUEUED_AT).from(SEARCH_TEXT_QUEUE).where(ready())
                .orderBy(SEARCH_TEXT_QUEUE.QUEUED_AT).limit(BATCH * most).asTable("oldest");
        var queuedAt = oldest.field(SEARCH_TEXT_QUEUE.QUEUED_AT);
        Record3<Integer, OffsetDateTime, OffsetDateTime> r =
                dsl.select(DSL.count(), DSL.min(queuedAt), DSL.currentOffsetDateTime()).from(oldest).fetchSingle();
        if (r.value1() >= BATCH) return r.value1() / BATCH;
        return r.value2() != null && !r.value2().plus(gather).isAfter(r.value3()) ? 1 : 0;
    }

    /**
     * Whether more than {@code n} blobs wait for a batch, counting at most {@code n + 1} so a long queue costs no more;
     * blobs put into the future after a failed read do not count.
     */
    public boolean queuedMoreThan(long n) {
        var some = DSL.selectOne().from(SEARCH_TEXT_QUEUE).where(ready()).limit(n + 1).asTable("some");
        return dsl.fetchCount(some) > n;
    }

    /** Indexes up to {@link #BATCH} queued blobs, oldest first; an empty result means the queue had none free. */
    public Batch runBatch() {
        return dsl.transactionResult(c -> {
            DSLContext t = c.dsl();
            List<byte[]> hashes = t.select(SEARCH_TEXT_QUEUE.BLOB_HASH).from(SEARCH_TEXT_QUEUE).where(ready())
                    .orderBy(SEARCH_TEXT_QUEUE.QUEUED_AT).limit(BATCH).forUpdate().skipLocked()
                    .fetch(SEARCH_TEXT_QUEUE.BLOB_HASH);
            if (hashes.isEmpty()) return new Batch(0, 0, 0);
            SearchTextReader.Read read = reader.read(t, hashes);
            BlobRows.insertText(t, read.texts());
            byte[][] deferred = read.unreadable().stream().map(BlobId::bytes).toArray(byte[][]::new);
            t.deleteFrom(SEARCH_TEXT_QUEUE)
                    .where(SEARCH_TEXT_QUEUE.BLOB_HASH.eq(DSL.any(hashes.toArray(byte[][]::new))))
                    .and(SEARCH_TEXT_QUEUE.BLOB_HASH.ne(DSL.all(deferred))).execute();
            if (deferred.length > 0) {
                var retryAt = DSL.currentOffsetDateTime().plus(DayToSecond.valueOf(RETRY_UNREADABLE));
                t.update(SEARCH_TEXT_QUEUE).set(SEARCH_TEXT_QUEUE.QUEUED_AT, retryAt)
                        .where(SEARCH_TEXT_QUEUE.BLOB_HASH.eq(DSL.any(deferred))).execute();
            }
            return new Batch(read.texts().size(), read.missing(), deferred.length);
        });
    }

    /** Queued rows a batch may take: not put into the future after a failed read. */
    private static Condition ready() {
        return SEARCH_TEXT_QUEUE.QUEUED_AT.le(DSL.currentOffsetDateTime());
    }
}

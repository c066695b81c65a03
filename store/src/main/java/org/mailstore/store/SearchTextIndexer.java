package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.SEARCH_TEXT_QUEUE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobStore;

/**
 * Writes the search text ({@code blob_text}, schema V7) of the blobs that delivery and APPEND queued
 * ({@code search_text_queue}, V10), a batch at a time. A batch is one transaction: it locks the oldest queued hashes
 * with SKIP LOCKED (several instances on one database take disjoint batches), reads each blob's text, inserts it and
 * deletes the hashes from the queue, so a crash mid-batch leaves them queued for the next one.
 */
public final class SearchTextIndexer {
    /** Blobs per batch and transaction: enough to amortize the round trips, few enough to keep the locks short. */
    public static final int BATCH = 200;

    private final DSLContext dsl;
    private final SearchTextReader reader;

    /** What one batch did: blobs given their text, and blobs dropped from the queue because their file is gone. */
    public record Batch(int indexed, int missing) {
        public int taken() {
            return indexed + missing;
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
     * Whether a batch is worth its transaction: a full {@link #BATCH} is queued, or the oldest queued blob has waited
     * {@code gather}. A batch per few deliveries paid a transaction, a commit and the GIN pending-list work each time
     * (docs/benchmarks.md, "Search text after delivery"); the time is the database's, so instances agree on it.
     */
    public boolean due(Duration gather) {
        var oldest = DSL.select(SEARCH_TEXT_QUEUE.QUEUED_AT).from(SEARCH_TEXT_QUEUE).orderBy(SEARCH_TEXT_QUEUE.QUEUED_AT)
                .limit(BATCH).asTable("oldest");
        var queuedAt = oldest.field(SEARCH_TEXT_QUEUE.QUEUED_AT);
        Record3<Integer, OffsetDateTime, OffsetDateTime> r = dsl.select(DSL.count(), DSL.min(queuedAt), DSL.currentOffsetDateTime())
                .from(oldest).fetchSingle();
        if (r.value1() >= BATCH) return true;
        return r.value2() != null && !r.value2().plus(gather).isAfter(r.value3());
    }

    /** Indexes up to {@link #BATCH} queued blobs, oldest first; an empty result means the queue had none free. */
    public Batch runBatch() {
        return dsl.transactionResult(c -> {
            DSLContext t = c.dsl();
            List<byte[]> hashes = t.select(SEARCH_TEXT_QUEUE.BLOB_HASH).from(SEARCH_TEXT_QUEUE)
                    .orderBy(SEARCH_TEXT_QUEUE.QUEUED_AT).limit(BATCH).forUpdate().skipLocked().fetch(SEARCH_TEXT_QUEUE.BLOB_HASH);
            if (hashes.isEmpty()) return new Batch(0, 0);
            SearchTextReader.Read read;
            try {
                read = reader.read(t, hashes);
            } catch (IOException e) {
                throw new UncheckedIOException("reading blobs for their search text", e);
            }
            BlobRows.insertText(t, read.texts());
            t.deleteFrom(SEARCH_TEXT_QUEUE).where(SEARCH_TEXT_QUEUE.BLOB_HASH.eq(DSL.any(hashes.toArray(byte[][]::new)))).execute();
            return new Batch(read.texts().size(), read.missing());
        });
    }
}

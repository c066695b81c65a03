package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.SEARCH_TEXT_QUEUE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobNotFoundException;
import org.mailstore.blobstore.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the search text ({@code blob_text}, schema V7) of the blobs that delivery and APPEND queued
 * ({@code search_text_queue}, V10), a batch at a time. A batch is one transaction: it locks the oldest queued hashes
 * with SKIP LOCKED (several instances on one database take disjoint batches), reads each blob, inserts the text and
 * deletes the hashes from the queue, so a crash mid-batch leaves them queued for the next one.
 */
public final class SearchTextIndexer {
    /** Blobs per batch and transaction: enough to amortize the round trips, few enough to keep the locks short. */
    public static final int BATCH = 200;
    private static final Logger log = LoggerFactory.getLogger(SearchTextIndexer.class);

    private final DSLContext dsl;
    private final BlobStore blobs;

    /** What one batch did: blobs given their text, and blobs dropped from the queue because their file is gone. */
    public record Batch(int indexed, int missing) {
        public int taken() {
            return indexed + missing;
        }
    }

    public SearchTextIndexer(DataSource ds, BlobStore blobs) {
        this.dsl = DSL.using(ds, SQLDialect.POSTGRES, MailStore.renderSettings());
        this.blobs = blobs;
    }

    /** Blobs waiting for their search text. */
    public long queued() {
        return dsl.fetchCount(SEARCH_TEXT_QUEUE);
    }

    /** Indexes up to {@link #BATCH} queued blobs, oldest first; an empty result means the queue had none free. */
    public Batch runBatch() {
        return dsl.transactionResult(c -> {
            DSLContext t = c.dsl();
            List<byte[]> hashes = t.select(SEARCH_TEXT_QUEUE.BLOB_HASH).from(SEARCH_TEXT_QUEUE)
                    .orderBy(SEARCH_TEXT_QUEUE.QUEUED_AT).limit(BATCH).forUpdate().skipLocked().fetch(SEARCH_TEXT_QUEUE.BLOB_HASH);
            if (hashes.isEmpty()) return new Batch(0, 0);
            List<BlobRows.Row> rows = new ArrayList<>(hashes.size());
            int missing = 0;
            for (byte[] hash : hashes) {
                BlobId id = BlobId.of(hash);
                try {
                    rows.add(BlobRows.Row.read(blobs, id));
                } catch (BlobNotFoundException e) {
                    // Dropped, not retried: without its bytes the blob stays a SEARCH candidate for ever, and the
                    // reconciler is what reports a lost blob.
                    log.warn("blob {} is missing from the blob store; dropped from the search text queue", id.hex());
                    missing++;
                } catch (IOException e) {
                    throw new UncheckedIOException("reading blob " + id.hex() + " for its search text", e);
                }
            }
            BlobRows.insertText(t, rows);
            t.deleteFrom(SEARCH_TEXT_QUEUE).where(SEARCH_TEXT_QUEUE.BLOB_HASH.eq(DSL.any(hashes.toArray(byte[][]::new)))).execute();
            return new Batch(rows.size(), missing);
        });
    }
}

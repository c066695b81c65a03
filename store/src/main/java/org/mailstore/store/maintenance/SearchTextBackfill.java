package org.mailstore.store.maintenance;

import static org.mailstore.schema.jooq.Tables.BLOBS;
import static org.mailstore.schema.jooq.Tables.BLOB_TEXT;

import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.store.BlobRows;
import org.mailstore.store.SearchTextIndexer;
import org.mailstore.store.SearchTextReader;

/**
 * Gives every blob without a {@code blob_text} row (stored before schema V7, or restored from a backup, which does
 * not carry the table, or queued by delivery and not yet indexed by serve) its search text, read from the blob as
 * {@link SearchTextIndexer} reads it ({@link SearchTextReader}). Until then such a blob is a
 * candidate for every SEARCH BODY/TEXT, so results are right either way; this only makes them fast. Safe while
 * serving: rows are added with ON CONFLICT DO NOTHING, a batch at a time, in blob-hash order.
 */
public final class SearchTextBackfill {
    /** Blobs read per database round trip and transaction. */
    public static final int BATCH = 200;
    private final DataSource ds;
    private final DSLContext dsl;
    private final BlobStore blobs;
    private final SearchTextReader reader;

    /** Blobs given their text, blobs missing from the blob store, blobs that could not be read (logged). */
    public record Result(long indexed, long missingBlobs, long unreadable) {}

    public SearchTextBackfill(DataSource ds, BlobStore blobs) {
        this.ds = ds;
        this.dsl = DSL.using(ds, SQLDialect.POSTGRES);
        this.blobs = blobs;
        this.reader = new SearchTextReader(blobs);
    }

    /** Blobs that have no search text row yet. */
    public long pending() {
        return dsl.selectCount().from(BLOBS).whereNotExists(DSL.selectOne().from(BLOB_TEXT)
                .where(BLOB_TEXT.BLOB_HASH.eq(BLOBS.BLOB_HASH))).fetchOne(0, Long.class);
    }

    public Result run(Progress progress) {
        progress.phase("search text", pending());
        long indexed = 0, missing = 0, unreadable = 0;
        // The queue first (schema V10), so its rows go too; what is left has no text and is not queued, or was
        // deferred as unreadable just now and is tried once more below (counted there).
        SearchTextIndexer queue = new SearchTextIndexer(ds, blobs);
        for (SearchTextIndexer.Batch b = queue.runBatch(); b.taken() > 0; b = queue.runBatch()) {
            indexed += b.indexed();
            missing += b.missing();
            progress.advance(b.indexed() + b.missing());
        }
        byte[] after = new byte[0];
        while (true) {
            List<byte[]> hashes = dsl.select(BLOBS.BLOB_HASH).from(BLOBS)
                    .whereNotExists(DSL.selectOne().from(BLOB_TEXT).where(BLOB_TEXT.BLOB_HASH.eq(BLOBS.BLOB_HASH)))
                    .and(BLOBS.BLOB_HASH.gt(after)).orderBy(BLOBS.BLOB_HASH).limit(BATCH).fetch(BLOBS.BLOB_HASH);
            if (hashes.isEmpty()) break;
            SearchTextReader.Read read = reader.read(dsl, hashes);
            BlobRows.insertText(dsl, read.texts());
            indexed += read.texts().size();
            missing += read.missing();
            unreadable += read.unreadable().size();
            progress.advance(hashes.size());
            after = hashes.getLast();
        }
        progress.done();
        return new Result(indexed, missing, unreadable);
    }
}

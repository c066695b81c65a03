package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.BLOBS;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobNotFoundException;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.store.mime.ByteRanges;
import org.mailstore.store.mime.PartsCodec;
import org.mailstore.store.mime.SearchText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@link SearchText} of stored blobs for {@link SearchTextIndexer} and {@code index rebuild}: the header
 * and part offsets come from each {@code blobs} row, parsed once at delivery, so only the text parts' bytes are
 * read again (a small message in one read). A blob whose file is gone is logged and counted, not indexed: without
 * its bytes it stays a SEARCH candidate, and the reconciler is what reports a lost blob. A blob that cannot be read
 * for another reason (an I/O error, a permission) is logged and returned apart, so the caller can try it again
 * later while the others are indexed.
 */
public final class SearchTextReader {
    /** Messages up to this size are read whole with one open; larger ones range by range. */
    static final long READ_WHOLE_BYTES = 256 * 1024;
    private static final Logger log = LoggerFactory.getLogger(SearchTextReader.class);

    private final BlobStore blobs;

    /**
     * The blobs read, with their text (null: not indexable), how many were missing from the blob store, and those that
     * could not be read.
     */
    public record Read(List<BlobRows.Text> texts, int missing, List<BlobId> unreadable) {}

    public SearchTextReader(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** The search text of the blobs with these hashes that have a {@code blobs} row. */
    public Read read(DSLContext t, List<byte[]> hashes) {
        List<BlobRows.Text> texts = new ArrayList<>(hashes.size());
        List<BlobId> unreadable = new ArrayList<>();
        int missing = 0;
        for (var r : t.select(BLOBS.BLOB_HASH, BLOBS.SIZE, BLOBS.HEADER, BLOBS.PARTS)
                .from(BLOBS).where(BLOBS.BLOB_HASH.eq(DSL.any(hashes.toArray(byte[][]::new)))).fetch()) {
            BlobId id = BlobId.of(r.value1());
            try {
                String text = SearchText.of(r.value3(), PartsCodec.fromJson(r.value4().data()), ranges(id, r.value2()));
                texts.add(new BlobRows.Text(id, text));
            } catch (BlobNotFoundException e) {
                log.warn("blob {} is missing from the blob store; its search text cannot be read", id.hex());
                missing++;
            } catch (IOException e) {
                log.warn("blob {} cannot be read for its search text: {}", id.hex(), e.toString());
                unreadable.add(id);
            }
        }
        return new Read(texts, missing, unreadable);
    }

    private ByteRanges ranges(BlobId id, long size) throws IOException {
        if (size > READ_WHOLE_BYTES) return BlobRows.ranges(blobs, id);
        try (InputStream in = blobs.openStream(id, 0, size)) {
            return ByteRanges.of(in.readAllBytes());
        }
    }
}

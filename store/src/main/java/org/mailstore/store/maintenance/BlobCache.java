package org.mailstore.store.maintenance;

import static org.mailstore.schema.jooq.Tables.BLOBS;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobId;
import org.mailstore.store.mime.MessageMetadata;
import org.mailstore.store.mime.PartsCodec;

/**
 * The {@code blobs} rows that cache each blob's MIME metadata. A message replayed from the journal
 * needs its blob's row (messages reference it); when the database lost it, the reconciler parses
 * the blob again and stores the row here, exactly as delivery would have.
 */
public final class BlobCache {
    private final DSLContext dsl;

    public BlobCache(DataSource ds) {
        this.dsl = DSL.using(ds, SQLDialect.POSTGRES);
    }

    /** Which of {@code ids} have a row. */
    public Set<BlobId> present(Collection<BlobId> ids) {
        if (ids.isEmpty()) return Set.of();
        byte[][] hashes = ids.stream().map(BlobId::bytes).toArray(byte[][]::new);
        Set<BlobId> out = new HashSet<>();
        dsl.select(BLOBS.BLOB_HASH).from(BLOBS).where(BLOBS.BLOB_HASH.eq(DSL.any(hashes)))
                .fetch(BLOBS.BLOB_HASH).forEach(h -> out.add(BlobId.of(h)));
        return out;
    }

    /** Stores the row unless one exists already (then the existing one, for the same bytes, stays). */
    public void store(BlobId id, MessageMetadata m) {
        insert(dsl, id, m);
    }

    static void insert(DSLContext t, BlobId id, MessageMetadata m) {
        t.insertInto(BLOBS)
                .set(BLOBS.BLOB_HASH, id.bytes()).set(BLOBS.SIZE, m.size()).set(BLOBS.HEADER_SIZE, m.headerSize())
                .set(BLOBS.BODY_LINES, m.bodyLines()).set(BLOBS.HEADER, m.header()).set(BLOBS.ENVELOPE, m.envelope())
                .set(BLOBS.BODY, m.body()).set(BLOBS.BODYSTRUCTURE, m.bodyStructure())
                .set(BLOBS.PARTS, JSONB.valueOf(PartsCodec.toJson(m.parts())))
                .onConflictDoNothing()
                .execute();
    }
}

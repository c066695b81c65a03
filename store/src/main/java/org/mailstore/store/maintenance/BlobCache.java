package org.mailstore.store.maintenance;

import static org.mailstore.schema.jooq.Tables.BLOBS;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobId;
import org.mailstore.store.BlobRows;

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

    /**
     * Stores the row unless one exists already (then the existing one, for the same bytes, stays); adds its
     * search text when it had none yet.
     */
    public void store(BlobRows.Row row) {
        BlobRows.insert(dsl, row);
    }
}

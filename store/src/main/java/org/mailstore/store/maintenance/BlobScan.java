package org.mailstore.store.maintenance;

import static org.mailstore.schema.jooq.Tables.BLOBS;
import static org.mailstore.schema.jooq.Tables.MESSAGES;

import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobId;

/**
 * Every {@code blobs} row with the number of messages referencing it, in ascending hash order
 * (PostgreSQL orders {@code bytea} bytewise, unsigned: the order of {@link java.util.Arrays#compareUnsigned}),
 * so the reconciler and the collector can merge it with a sorted walk of the blob tree in bounded
 * memory. Every message references a row (a foreign key), so a hash absent from this scan is
 * referenced by no message.
 */
public final class BlobScan {
    /** @param references messages referencing the blob, 0 for a cached blob no message uses any more */
    public record Row(BlobId id, long references) {}

    private final DataSource ds;

    public BlobScan(DataSource ds) {
        this.ds = ds;
    }

    /** Streams the rows; close the stream to release its connection. One snapshot covers the scan. */
    public Stream<Row> inHashOrder() {
        // A merge of two ordered index scans: no sort, no hash table of a million hashes.
        Table<Record2<byte[], Integer>> refs = DSL.select(MESSAGES.BLOB_HASH, DSL.count().as("n"))
                .from(MESSAGES).groupBy(MESSAGES.BLOB_HASH).asTable("refs");
        Field<byte[]> refHash = refs.field(MESSAGES.BLOB_HASH);
        Field<Integer> n = refs.field("n", Integer.class);
        return LazyQuery.stream(ds,
                d -> d.select(BLOBS.BLOB_HASH, DSL.coalesce(n, 0)).from(BLOBS).leftJoin(refs).on(refHash.eq(BLOBS.BLOB_HASH))
                        .orderBy(BLOBS.BLOB_HASH),
                r -> new Row(BlobId.of(r.value1()), r.value2()));
    }

    /** Number of rows, for progress. */
    public long count() {
        return DSL.using(ds, SQLDialect.POSTGRES).fetchCount(BLOBS);
    }
}

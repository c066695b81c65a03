package org.mailstore.backup;

import static org.mailstore.schema.jooq.Tables.BLOBS;
import static org.mailstore.schema.jooq.Tables.MESSAGES;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.FileBlobStore;

/**
 * The total size of the blobs a snapshot references (the manifest's {@code blobBytes}), read inside the snapshot
 * transaction. Summing it from the {@code blobs} table means reading that whole table (every row is wide: header,
 * envelope, body structure), which would make every backup cost as much as the store is large; so a backup that builds
 * on an intact previous list takes the previous total, adds the sizes of the blobs its list gained (their rows, by
 * key) and subtracts those of the blobs it lost (their files in the backup tree, which holds every blob the previous
 * list names: content-addressed, so a file's length is its blob's size). Without such a list, or when a lost blob's
 * file is gone from the tree, it sums the table.
 */
final class BlobBytes {
    /** Hashes per lookup of the gained blobs' sizes (one bound array each). */
    static final int HASHES_PER_QUERY = 1_000;

    private BlobBytes() {}

    /**
     * The previous total, plus the gained blobs' sizes, minus the lost ones', or empty when a lost blob's file is gone
     * from the backup tree.
     */
    static OptionalLong changed(Connection c, long previousBytes, BlobListDiff.Result diff, FileBlobStore tree) throws IOException, SQLException {
        long gained = 0;
        try (HashLines added = new HashLines(diff.gained());
             PreparedStatement sizes = c.prepareStatement("SELECT count(*), coalesce(sum(" + CopySql.quoted(BLOBS.SIZE.getName()) + "), 0) FROM "
                     + CopySql.quoted(BLOBS.getName()) + " WHERE " + CopySql.quoted(BLOBS.BLOB_HASH.getName()) + " = ANY(?)")) {
            while (added.hasNext()) gained += sizes(c, sizes, batch(added));
        }
        long lost = 0;
        try (HashLines removed = new HashLines(diff.lost())) {
            while (removed.hasNext()) {
                try {
                    lost += Files.size(tree.pathOf(removed.next()));
                } catch (NoSuchFileException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.of(previousBytes + gained - lost);
    }

    private static List<byte[]> batch(Iterator<BlobId> ids) {
        List<byte[]> out = new ArrayList<>(HASHES_PER_QUERY);
        while (ids.hasNext() && out.size() < HASHES_PER_QUERY) out.add(ids.next().bytes());
        return out;
    }

    /** One bound array per batch: a statement with a parameter per hash costs more to build than to run. */
    private static long sizes(Connection c, PreparedStatement sizes, List<byte[]> hashes) throws SQLException {
        sizes.setArray(1, c.createArrayOf("bytea", hashes.toArray(new byte[0][])));
        try (ResultSet r = sizes.executeQuery()) {
            r.next();
            // The list comes from messages.blob_hash, a foreign key to blobs: every hash has its row.
            if (r.getLong(1) != hashes.size()) {
                throw new IllegalStateException(hashes.size() - r.getLong(1) + " blobs the snapshot references have no blobs row");
            }
            return r.getLong(2);
        }
    }

    /** The sum over the whole table: a full backup's, or when the change cannot be added up. */
    static long all(DSLContext sql) {
        BigDecimal sum = sql.select(DSL.sum(BLOBS.SIZE)).from(BLOBS)
                .whereExists(DSL.selectOne().from(MESSAGES).where(MESSAGES.BLOB_HASH.eq(BLOBS.BLOB_HASH))).fetchOne(0, BigDecimal.class);
        return sum == null ? 0 : sum.longValueExact();
    }
}

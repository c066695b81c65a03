package org.mailstore.store.maintenance;

import static org.mailstore.schema.jooq.Tables.BLOBS;
import static org.mailstore.schema.jooq.Tables.MESSAGES;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep9;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.mailstore.blobstore.BlobId;
import org.mailstore.schema.jooq.tables.records.BlobsRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep of garbage collection: deletes blobs no message references, without ever deleting one
 * that a delivery running at the same moment is about to reference.
 *
 * <h2>Protocol</h2>
 * Per batch of candidates, in one transaction:
 * <ol>
 * <li>a placeholder {@code blobs} row is inserted for every candidate that has none (never
 *     committed), so that every candidate has a row this transaction can hold;
 * <li>{@code DELETE … WHERE NOT EXISTS (a message referencing it)} removes and locks the rows of
 *     the candidates still unreferenced. It waits for any delivery holding a row (deliveries
 *     key-share lock the row before they insert their message: see {@code MessageAppender}); if
 *     that delivery committed a reference meanwhile, the foreign key fails the statement and the
 *     batch is retried one blob at a time, so the referenced blob is kept;
 * <li>the files of the deleted rows are removed, while their rows are still held;
 * <li>commit.
 * </ol>
 * A delivery that reaches the row after step 2 waits for the commit and then finds the row gone
 * (or, when it inserts the row itself, the file gone) and fails with a temporary error: the client
 * retries and stores the bytes again. Either way no message row ever references a deleted blob.
 */
public final class BlobCollector {
    /** Removes one blob's file; called inside the transaction that holds its row. */
    @FunctionalInterface
    public interface FileRemover {
        void remove(BlobId id) throws IOException;
    }

    /** Candidates per transaction; the rows stay locked while their files are removed. */
    public static final int BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(BlobCollector.class);
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String DEADLOCK = "40P01";
    private static final String SERIALIZATION_FAILURE = "40001";

    private final DSLContext dsl;

    public BlobCollector(DataSource ds) {
        this.dsl = DSL.using(ds, SQLDialect.POSTGRES);
    }

    /**
     * Deletes the rows and, through {@code remover}, the files of those candidates that no message
     * references; candidates that are referenced by the time their row is locked are left alone.
     *
     * @param candidates at most {@link #BATCH} blobs the caller found unreferenced and old enough
     * @return the blobs deleted
     */
    public List<BlobId> collect(List<BlobId> candidates, FileRemover remover) {
        if (candidates.size() > BATCH) throw new IllegalArgumentException("at most " + BATCH + " candidates per call");
        if (candidates.isEmpty()) return List.of();
        try {
            return collectBatch(candidates, remover);
        } catch (DataAccessException e) {
            if (!raced(e)) throw e;
            log.debug("a delivery referenced one of {} candidates meanwhile; collecting them one at a time", candidates.size());
        }
        List<BlobId> deleted = new ArrayList<>();
        for (BlobId id : candidates) {
            try {
                deleted.addAll(collectBatch(List.of(id), remover));
            } catch (DataAccessException e) {
                if (!raced(e)) throw e;
                log.debug("blob {} was referenced meanwhile; kept", id.hex());
            }
        }
        return deleted;
    }

    private List<BlobId> collectBatch(List<BlobId> candidates, FileRemover remover) {
        return dsl.transactionResult(c -> {
            DSLContext t = DSL.using(c);
            insertPlaceholders(t, candidates);
            byte[][] hashes = candidates.stream().map(BlobId::bytes).toArray(byte[][]::new);
            List<BlobId> unreferenced = t.deleteFrom(BLOBS)
                    .where(BLOBS.BLOB_HASH.eq(DSL.any(hashes)))
                    .andNotExists(DSL.selectOne().from(MESSAGES).where(MESSAGES.BLOB_HASH.eq(BLOBS.BLOB_HASH)))
                    .returning(BLOBS.BLOB_HASH).fetch(r -> BlobId.of(r.getBlobHash()));
            for (BlobId id : unreferenced) {
                try {
                    remover.remove(id);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete blob " + id.hex() + ": " + e.getMessage(), e);
                }
            }
            return unreferenced;
        });
    }

    /** Rows that satisfy the table's checks and are deleted again before commit; nobody else ever sees them. */
    private static void insertPlaceholders(DSLContext t, List<BlobId> candidates) {
        InsertValuesStep9<BlobsRecord, byte[], Long, Long, Long, byte[], String, String, String, JSONB> insert = t.insertInto(BLOBS,
                BLOBS.BLOB_HASH, BLOBS.SIZE, BLOBS.HEADER_SIZE, BLOBS.BODY_LINES, BLOBS.HEADER, BLOBS.ENVELOPE, BLOBS.BODY,
                BLOBS.BODYSTRUCTURE, BLOBS.PARTS);
        for (BlobId id : candidates) {
            insert = insert.values(id.bytes(), 0L, 0L, 0L, new byte[0], "", "", "", JSONB.valueOf("[]"));
        }
        insert.onConflictDoNothing().execute();
    }

    /** A concurrent delivery won: its reference broke the delete, or the two waited on each other. */
    private static boolean raced(DataAccessException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (FOREIGN_KEY_VIOLATION.equals(state) || DEADLOCK.equals(state) || SERIALIZATION_FAILURE.equals(state)) return true;
            }
        }
        return false;
    }
}

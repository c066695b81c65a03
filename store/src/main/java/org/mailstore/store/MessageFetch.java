package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.BLOBS;
import static org.mailstore.schema.jooq.Tables.BLOB_HEADER;
import static org.mailstore.schema.jooq.Tables.MESSAGES;
import static org.jooq.impl.DSL.any;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SelectField;
import org.jooq.TransactionalCallable;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.mailstore.store.mime.PartsCodec;
import org.slf4j.MDC;

/**
 * Streams messages of one mailbox, with as much cached metadata as asked for, in UID order and in
 * bounded memory: {@link Messages#fetch}.
 *
 * <p>The UIDs are read in batches, each in its own short transaction, and handed to the caller only after
 * that transaction has ended, so a slow client never holds a database connection. A batch ends at
 * {@link #MAX_BATCH_ROWS} rows or once it holds {@link #MAX_BATCH_BYTES} of metadata, whichever comes first:
 * the rows are read through a cursor {@link #CURSOR_ROWS} at a time, and closing it early leaves the rest
 * of the query unexecuted, so a mailbox of huge headers costs a few more round trips, never more memory.
 *
 * <p>While the caller writes one batch, the next is read on a virtual thread of its own: the database and
 * the client's socket work at the same time instead of taking turns (a client's first sync of a large
 * mailbox is 50 such batches). So at most two batches are held, and one connection is used at a time.
 *
 * <p>A batch whose UIDs cover most of their range (a {@code 1:*} of a mailbox with few holes, the usual case)
 * is read as the range alone and the rows not asked for are dropped here: a primary-key range scan without a
 * 2,000-element array to bind and probe. A sparse batch names its UIDs with {@code = ANY}.
 */
final class MessageFetch {
    /** Rows per transaction; at 100,000 messages that is 50 round trips for the listing columns alone. */
    static final int MAX_BATCH_ROWS = 2000;
    /** Metadata bytes (headers, ENVELOPE, BODYSTRUCTURE, ...) held at once, beyond one cursor chunk. */
    static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;
    /**
     * Rows the JDBC driver pulls in a batch's first round trip; the later ones are sized by {@link #chunkRows} from
     * what these rows weighed, never fewer rows than this.
     */
    static final int CURSOR_ROWS = 250;
    /**
     * Metadata bytes a later round trip aims at: small headers come 2,000 rows at a time instead of 250 (a
     * 100,000-message sync in 100 round trips rather than 400), large ones stay at 250, so a chunk never holds
     * more than it did.
     */
    static final long CURSOR_CHUNK_BYTES = 512 * 1024;
    /**
     * A batch of at most this many UIDs (at most twice as many rows) is read in one statement without a cursor or a
     * transaction, saving the COMMIT round trip of the common small FETCH; the driver then holds its rows at once.
     */
    static final int SINGLE_STATEMENT_UIDS = 64;
    /** A batch whose UIDs are at least this share of their range is read as the range, see the class comment. */
    static final double DENSE_SHARE = 0.5;


    /** Every batch SELECT, rendered once: index {@link #shape}. */
    private static final List<RenderedQuery> SHAPES = java.util.stream.IntStream.range(0, Messages.Detail.values().length * 2)
            .mapToObj(i -> render(Messages.Detail.values()[i / 2], i % 2 == 1)).toList();

    private final Transactions tx;

    MessageFetch(Transactions tx) {
        this.tx = tx;
    }

    void fetch(Account account, long mailboxId, long[] uids, Messages.Detail detail, Consumer<FetchRow> each) {
        if (uids.length == 0) return;
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        try (ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Batch> next = reader.submit(() -> read(account, mailboxId, uids, 0, detail, logContext));
            while (next != null) {
                Batch batch = result(next);
                int following = batch.next();
                next = following < uids.length
                        ? reader.submit(() -> read(account, mailboxId, uids, following, detail, logContext))
                        : null;
                // If the caller fails (its client went away), closing the reader waits for the batch being read:
                // interrupting it could close its pooled connection's socket.
                batch.rows().forEach(each);
            }
        }
    }

    /** The batch's rows and the index into the UIDs where the next batch starts. */
    private record Batch(List<FetchRow> rows, int next) {}

    private Batch read(Account account, long mailboxId, long[] uids, int from, Messages.Detail detail,
                       Map<String, String> logContext) {
        if (logContext != null) MDC.setContextMap(logContext);
        int to = Math.min(uids.length, from + MAX_BATCH_ROWS);
        boolean small = to - from <= SINGLE_STATEMENT_UIDS;
        TransactionalCallable<Batch> batch = c -> readBatch(DSL.using(c), account.id(), mailboxId, uids, from, to, detail, !small);
        return small ? tx.singleStatement(batch) : tx.run(batch);
    }

    private static Batch result(Future<Batch> batch) {
        try {
            return batch.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new StoreException(StoreException.Reason.DATABASE_UNAVAILABLE, "reading messages failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Reason.DATABASE_UNAVAILABLE, "interrupted while reading messages", e);
        }
    }

    private static int indexAfter(long[] uids, int from, int to, long uid) {
        int i = Arrays.binarySearch(uids, from, to, uid);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** {@code cursor}: read {@link #CURSOR_ROWS} at a time, which the driver does only inside a transaction. */
    private static Batch readBatch(DSLContext t, long accountId, long mailboxId, long[] uids, int from, int to,
                                   Messages.Detail detail, boolean cursor) throws SQLException {
        long first = uids[from], last = uids[to - 1];
        boolean dense = to - from >= DENSE_SHARE * (last - first + 1);
        RenderedQuery shape = SHAPES.get(shape(detail, dense));
        var query = (dense ? shape.resultQuery(t, accountId, mailboxId, first, last)
                : shape.resultQuery(t, accountId, mailboxId, first, last, boxed(uids, from, to)));
        if (cursor) query = query.fetchSize(CURSOR_ROWS);
        List<FetchRow> rows = new ArrayList<>(to - from);
        long bytes = 0;
        int wanted = from, fetched = 0;
        try (ResultSet cursorResult = query.fetchResultSet()) {
            // The rows are read from the driver's own result set: through jOOQ's cursor and Hikari's proxy every getter
            // is three calls deep, and C2 compiled toRow with 8 KB inlined in a restarted server's first sync. Closing
            // stays with the wrapper, which also ends jOOQ's cursor.
            ResultSet rs = cursorResult.unwrap(ResultSet.class);
            while (rs.next()) {
                if (cursor && ++fetched == CURSOR_ROWS) rs.setFetchSize(chunkRows(bytes, rows.size()));
                long uid = rs.getLong(1);
                while (uids[wanted] < uid) wanted++; // the UIDs and the rows both ascend; the range ends at the last UID
                if (uids[wanted] != uid) continue;
                FetchRow row = toRow(rs, uid, detail);
                rows.add(row);
                bytes += metadataBytes(row.metadata());
                // A cut batch resumes after its last row; UIDs missing from a complete one were expunged meanwhile.
                if (bytes >= MAX_BATCH_BYTES) return new Batch(rows, indexAfter(uids, from, to, uid));
            }
        }
        return new Batch(rows, to);
    }

    /**
     * Rows per round trip after the first, from the metadata bytes of the rows kept so far: {@link #CURSOR_CHUNK_BYTES}
     * worth at their average size, at least {@link #CURSOR_ROWS}, at most a batch.
     */
    static int chunkRows(long bytes, int rows) {
        if (rows == 0) return CURSOR_ROWS; // nothing kept to weigh
        if (bytes == 0) return MAX_BATCH_ROWS; // the listing columns alone
        long fit = CURSOR_CHUNK_BYTES * rows / bytes;
        return (int) Math.clamp(fit, CURSOR_ROWS, MAX_BATCH_ROWS);
    }

    private static int shape(Messages.Detail detail, boolean dense) {
        return detail.ordinal() * 2 + (dense ? 1 : 0);
    }

    /** A batch's SELECT for one detail, of a dense range of UIDs or of listed ones. Binds: account, mailbox, first, last[, uids]. */
    private static RenderedQuery render(Messages.Detail detail, boolean dense) {
        List<SelectField<?>> columns = new ArrayList<>(List.of(MESSAGES.UID, MESSAGES.MODSEQ, MESSAGES.SEEN, MESSAGES.ANSWERED,
                MESSAGES.FLAGGED, MESSAGES.DELETED, MESSAGES.DRAFT, MESSAGES.KEYWORDS, MESSAGES.INTERNAL_DATE, MESSAGES.SIZE,
                MESSAGES.BLOB_HASH));
        var select = switch (detail) {
            case NONE -> DSL.select(columns).from(MESSAGES);
            case HEADER -> {
                columns.addAll(List.of(headerOrBlobs(BLOB_HEADER.HEADER_SIZE, BLOBS.HEADER_SIZE),
                        headerOrBlobs(BLOB_HEADER.BODY_LINES, BLOBS.BODY_LINES), headerOrBlobs(BLOB_HEADER.HEADER, BLOBS.HEADER)));
                yield DSL.select(columns).from(MESSAGES).leftJoin(BLOB_HEADER).on(BLOB_HEADER.BLOB_HASH.eq(MESSAGES.BLOB_HASH));
            }
            case FULL -> {
                columns.addAll(List.of(BLOBS.HEADER_SIZE, BLOBS.BODY_LINES, BLOBS.HEADER, BLOBS.ENVELOPE, BLOBS.BODY,
                        BLOBS.BODYSTRUCTURE, BLOBS.PARTS));
                yield DSL.select(columns).from(MESSAGES).join(BLOBS).on(BLOBS.BLOB_HASH.eq(MESSAGES.BLOB_HASH));
            }
        };
        var range = select.where(Messages.inMailbox(DSL.param("account", Long.class), DSL.param("mailbox", Long.class)))
                .and(MESSAGES.UID.between(DSL.param("first", Long.class), DSL.param("last", Long.class)));
        if (dense) return RenderedQuery.of(range.orderBy(MESSAGES.UID), "account", "mailbox", "first", "last");
        return RenderedQuery.of(range.and(MESSAGES.UID.eq(any(DSL.param("uids", SQLDataType.BIGINT.array())))).orderBy(MESSAGES.UID),
                "account", "mailbox", "first", "last", "uids");
    }

    /**
     * A column of the narrow {@code blob_header} row (schema V12), or of the wide {@code blobs} row for a blob without
     * one (loaded with triggers disabled). COALESCE evaluates its subquery only for such a row, so the usual row costs
     * nothing more than the join.
     */
    private static <T> Field<T> headerOrBlobs(Field<T> narrow, Field<T> wide) {
        return DSL.coalesce(narrow, DSL.field(DSL.select(wide).from(BLOBS).where(BLOBS.BLOB_HASH.eq(MESSAGES.BLOB_HASH))));
    }

    private static Long[] boxed(long[] uids, int from, int to) {
        Long[] out = new Long[to - from];
        for (int i = from; i < to; i++) out[i - from] = uids[i];
        return out;
    }

    /** A row by column position, in the order {@link #readBatch} selects them. */
    private static FetchRow toRow(ResultSet rs, long uid, Messages.Detail detail) throws SQLException {
        long size = rs.getLong(10);
        MessageView view = Messages.toView(uid, rs.getLong(2), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5),
                rs.getBoolean(6), rs.getBoolean(7), (String[]) rs.getArray(8).getArray(), rs.getObject(9, OffsetDateTime.class),
                size, rs.getBytes(11));
        String hash = view.blobHash();
        BlobMetadata metadata = switch (detail) {
            case NONE -> null;
            case HEADER -> new BlobMetadata(hash, size, rs.getLong(12), rs.getLong(13), rs.getBytes(14), null, null, null, null);
            case FULL -> new BlobMetadata(hash, size, rs.getLong(12), rs.getLong(13), rs.getBytes(14), rs.getString(15),
                    rs.getString(16), rs.getString(17), PartsCodec.fromJson(rs.getString(18)));
        };
        return new FetchRow(view, metadata);
    }

    private static long metadataBytes(BlobMetadata m) {
        if (m == null) return 0;
        long n = m.header().length;
        if (m.envelope() != null) n += m.envelope().length() + m.body().length() + m.bodyStructure().length() + 64L * m.parts().size();
        return n;
    }
}

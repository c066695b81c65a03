package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.BLOBS;
import static org.mailstore.schema.jooq.Tables.MESSAGES;
import static org.jooq.impl.DSL.any;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.mailstore.store.mime.PartsCodec;

/**
 * Streams messages of one mailbox, with as much cached metadata as asked for, in UID order and in
 * bounded memory: {@link Messages#fetch}.
 *
 * <p>The UIDs are read in batches, each in its own short transaction, and handed to the caller only after
 * that transaction has ended, so a slow client never holds a database connection. A batch ends at
 * {@link #MAX_BATCH_ROWS} rows or once it holds {@link #MAX_BATCH_BYTES} of metadata, whichever comes first:
 * the rows are read through a cursor {@link #CURSOR_ROWS} at a time, and closing it early leaves the rest
 * of the query unexecuted, so a mailbox of huge headers costs a few more round trips, never more memory.
 */
final class MessageFetch {
    /** Rows per transaction; at 100,000 messages that is 50 round trips for the listing columns alone. */
    static final int MAX_BATCH_ROWS = 2000;
    /** Metadata bytes (headers, ENVELOPE, BODYSTRUCTURE, ...) held at once, beyond one cursor chunk. */
    static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;
    /** Rows the JDBC driver pulls per round trip inside a batch. */
    static final int CURSOR_ROWS = 250;

    private static final HexFormat HEX = HexFormat.of();

    private final Transactions tx;

    MessageFetch(Transactions tx) {
        this.tx = tx;
    }

    void fetch(Account account, long mailboxId, long[] uids, Messages.Detail detail, Consumer<FetchRow> each) {
        int next = 0;
        while (next < uids.length) {
            int end = Math.min(uids.length, next + MAX_BATCH_ROWS);
            Long[] batch = new Long[end - next];
            for (int i = next; i < end; i++) batch[i - next] = uids[i];
            Batch read = tx.run(c -> readBatch(DSL.using(c), account.id(), mailboxId, batch, detail));
            read.rows().forEach(each);
            // UIDs missing from a complete batch were expunged meanwhile; a cut batch resumes after its last row.
            next = read.complete() ? end : indexAfter(uids, next, end, read.rows().getLast().view().uid());
        }
    }

    private static int indexAfter(long[] uids, int from, int to, long uid) {
        int i = java.util.Arrays.binarySearch(uids, from, to, uid);
        return i >= 0 ? i + 1 : -i - 1;
    }

    private record Batch(List<FetchRow> rows, boolean complete) {}

    private static Batch readBatch(DSLContext t, long accountId, long mailboxId, Long[] batch, Messages.Detail detail) {
        List<SelectField<?>> columns = new ArrayList<>(List.of(MESSAGES.UID, MESSAGES.MODSEQ, MESSAGES.SEEN, MESSAGES.ANSWERED,
                MESSAGES.FLAGGED, MESSAGES.DELETED, MESSAGES.DRAFT, MESSAGES.KEYWORDS, MESSAGES.INTERNAL_DATE, MESSAGES.SIZE,
                MESSAGES.BLOB_HASH));
        if (detail != Messages.Detail.NONE) {
            columns.addAll(List.of(BLOBS.HEADER_SIZE, BLOBS.BODY_LINES, BLOBS.HEADER));
        }
        if (detail == Messages.Detail.FULL) {
            columns.addAll(List.of(BLOBS.ENVELOPE, BLOBS.BODY, BLOBS.BODYSTRUCTURE, BLOBS.PARTS));
        }
        var from = detail == Messages.Detail.NONE
                ? t.select(columns).from(MESSAGES)
                : t.select(columns).from(MESSAGES).join(BLOBS).on(BLOBS.BLOB_HASH.eq(MESSAGES.BLOB_HASH));
        // The BETWEEN lets the planner read one primary-key range when the UIDs are dense (1:*), the usual case.
        var query = from.where(Messages.inMailbox(accountId, mailboxId))
                .and(MESSAGES.UID.between(batch[0], batch[batch.length - 1]))
                .and(MESSAGES.UID.eq(any(batch)))
                .orderBy(MESSAGES.UID)
                .fetchSize(CURSOR_ROWS);
        List<FetchRow> rows = new ArrayList<>();
        long bytes = 0;
        try (Cursor<Record> cursor = query.fetchLazy()) {
            for (Record r = cursor.fetchNext(); r != null; r = cursor.fetchNext()) {
                FetchRow row = toRow(r, detail);
                rows.add(row);
                bytes += metadataBytes(row.metadata());
                if (bytes >= MAX_BATCH_BYTES) return new Batch(rows, false);
            }
        }
        return new Batch(rows, true);
    }

    private static FetchRow toRow(Record r, Messages.Detail detail) {
        Flags flags = new Flags(r.get(MESSAGES.SEEN), r.get(MESSAGES.ANSWERED), r.get(MESSAGES.FLAGGED), r.get(MESSAGES.DELETED),
                r.get(MESSAGES.DRAFT), java.util.Set.of(r.get(MESSAGES.KEYWORDS)));
        String hash = HEX.formatHex(r.get(MESSAGES.BLOB_HASH));
        long size = r.get(MESSAGES.SIZE);
        MessageView view = new MessageView(r.get(MESSAGES.UID), r.get(MESSAGES.MODSEQ), flags,
                r.get(MESSAGES.INTERNAL_DATE).toInstant(), size, hash);
        BlobMetadata metadata = switch (detail) {
            case NONE -> null;
            case HEADER -> new BlobMetadata(hash, size, r.get(BLOBS.HEADER_SIZE), r.get(BLOBS.BODY_LINES), r.get(BLOBS.HEADER),
                    null, null, null, null);
            case FULL -> new BlobMetadata(hash, size, r.get(BLOBS.HEADER_SIZE), r.get(BLOBS.BODY_LINES), r.get(BLOBS.HEADER),
                    r.get(BLOBS.ENVELOPE), r.get(BLOBS.BODY), r.get(BLOBS.BODYSTRUCTURE), PartsCodec.fromJson(r.get(BLOBS.PARTS).data()));
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

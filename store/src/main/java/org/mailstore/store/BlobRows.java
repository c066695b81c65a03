package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.BLOBS;
import static org.mailstore.schema.jooq.Tables.BLOB_TEXT;
import static org.mailstore.schema.jooq.Tables.SEARCH_TEXT_QUEUE;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.store.mime.ByteRanges;
import org.mailstore.store.mime.HeaderSearchText;
import org.mailstore.store.mime.MessageMetadata;
import org.mailstore.store.mime.MessageParser;
import org.mailstore.store.mime.PartsCodec;
import org.mailstore.store.mime.SearchText;
import org.mailstore.store.mime.SortKeys;

/**
 * The one way a {@code blobs} row is written (delivery, APPEND, the reconciler's cache refill, bulk
 * loads): every writer fills the same columns, so a row never lacks its header search text or its SORT and THREAD
 * keys (V8). Each row comes with its {@code blob_text} row (schema V7) or, on the delivery path, with a
 * {@code search_text_queue} row (V10) that {@link SearchTextIndexer} turns into one later: the trigram index entry
 * cost deliveries a third of their throughput.
 */
public final class BlobRows {
    /**
     * A blob, the metadata parsed from its bytes and its {@link SearchText} (null: not indexable, always a
     * SEARCH candidate), or, when {@code textQueued}, no text yet: the blob is queued for {@link SearchTextIndexer}.
     */
    public record Row(BlobId id, MessageMetadata metadata, String searchText, boolean textQueued) {
        /** A row with its search text (null: not indexable). */
        public Row(BlobId id, MessageMetadata metadata, String searchText) {
            this(id, metadata, searchText, false);
        }

        /** The row of a message held in memory. */
        public static Row of(BlobId id, byte[] raw) {
            try {
                MessageMetadata m = MessageParser.parse(new java.io.ByteArrayInputStream(raw));
                return new Row(id, m, SearchText.of(m, ByteRanges.of(raw)));
            } catch (IOException e) {
                throw new UncheckedIOException("reading a message in memory", e);
            }
        }

        /** The row of a stored blob: parses it, then reads its text parts again for the search text. */
        public static Row read(BlobStore blobs, BlobId id) throws IOException {
            MessageMetadata m;
            try (InputStream in = Channels.newInputStream(blobs.open(id))) {
                m = MessageParser.parse(in);
            }
            return new Row(id, m, SearchText.of(m, ranges(blobs, id)));
        }

        /** The row of a stored blob without its search text, which is queued instead: the delivery path's row. */
        public static Row queued(BlobStore blobs, BlobId id) throws IOException {
            try (InputStream in = Channels.newInputStream(blobs.open(id))) {
                return new Row(id, MessageParser.parse(in), null, true);
            }
        }
    }

    /** A blob's search text (null: not indexable, always a SEARCH candidate): a {@code blob_text} row. */
    public record Text(BlobId id, String text) {}

    private BlobRows() {}

    /** A blob's byte ranges, each opened when asked for. */
    public static ByteRanges ranges(BlobStore blobs, BlobId id) {
        return (offset, length) -> blobs.openStream(id, offset, length);
    }

    public static void insert(DSLContext t, Row row) {
        insert(t, List.of(row));
    }

    /**
     * One statement per table; a hash that has its row already keeps it (same bytes, same metadata), and gets
     * its search text (or its queue row) if it had none yet (rows from before schema V7).
     */
    public static void insert(DSLContext t, List<Row> rows) {
        if (rows.isEmpty()) return;
        var insert = t.insertInto(BLOBS, BLOBS.BLOB_HASH, BLOBS.SIZE, BLOBS.HEADER_SIZE, BLOBS.BODY_LINES, BLOBS.HEADER,
                BLOBS.ENVELOPE, BLOBS.BODY, BLOBS.BODYSTRUCTURE, BLOBS.PARTS, BLOBS.HEADER_SEARCH, BLOBS.SORT_SUBJECT,
                BLOBS.SORT_REPLY, BLOBS.SORT_FROM, BLOBS.SORT_DISPLAY_FROM, BLOBS.SORT_TO, BLOBS.SORT_DISPLAY_TO, BLOBS.SORT_CC,
                BLOBS.SENT_DATE, BLOBS.MESSAGE_ID, BLOBS.THREAD_REFS);
        for (Row r : rows) {
            MessageMetadata m = r.metadata();
            SortKeys k = SortKeys.of(m.header());
            insert = insert.values(r.id().bytes(), m.size(), m.headerSize(), m.bodyLines(), m.header(), m.envelope(),
                    m.body(), m.bodyStructure(), JSONB.valueOf(PartsCodec.toJson(m.parts())), HeaderSearchText.of(m.header()),
                    k.subject().text(), k.subject().replyOrForward(), k.from(), k.displayFrom(), k.to(), k.displayTo(), k.cc(),
                    k.sentDate() == SortKeys.NO_DATE ? null : k.sentDate(), k.messageId(), k.references().toArray(String[]::new));
        }
        insert.onConflictDoNothing().execute();
        insertText(t, rows.stream().filter(r -> !r.textQueued()).map(r -> new Text(r.id(), r.searchText())).toList());
        queue(t, rows.stream().filter(Row::textQueued).toList());
    }

    /** The one writer of {@code blob_text}: the rows' search text, in one statement; a hash that has it keeps it. */
    public static void insertText(DSLContext t, List<Text> texts) {
        if (texts.isEmpty()) return;
        var insert = t.insertInto(BLOB_TEXT, BLOB_TEXT.BLOB_HASH, BLOB_TEXT.TEXT);
        for (Text x : texts) insert = insert.values(x.id().bytes(), x.text());
        insert.onConflictDoNothing().execute();
    }

    private static void queue(DSLContext t, List<Row> rows) {
        if (rows.isEmpty()) return;
        var queue = t.insertInto(SEARCH_TEXT_QUEUE, SEARCH_TEXT_QUEUE.BLOB_HASH);
        for (Row r : rows) queue = queue.values(r.id().bytes());
        queue.onConflictDoNothing().execute();
    }
}

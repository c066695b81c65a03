package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.BLOBS;

import java.util.List;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.mailstore.blobstore.BlobId;
import org.mailstore.store.mime.HeaderSearchText;
import org.mailstore.store.mime.MessageMetadata;
import org.mailstore.store.mime.PartsCodec;
import org.mailstore.store.mime.SortKeys;

/**
 * The one way a {@code blobs} row is written (delivery, APPEND, the reconciler's cache refill, bulk
 * loads): every writer fills the same columns, so a row never lacks its header search text or its SORT and THREAD
 * keys (V8).
 */
public final class BlobRows {
    /** A blob and the metadata parsed from its bytes. */
    public record Row(BlobId id, MessageMetadata metadata) {}

    private BlobRows() {}

    public static void insert(DSLContext t, BlobId id, MessageMetadata m) {
        insert(t, List.of(new Row(id, m)));
    }

    /** One statement; a hash that has its row already keeps it (same bytes, same metadata). */
    public static void insert(DSLContext t, List<Row> rows) {
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
    }
}

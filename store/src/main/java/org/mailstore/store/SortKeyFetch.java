package org.mailstore.store;

import static org.jooq.impl.DSL.any;
import static org.mailstore.schema.jooq.Tables.BLOBS;
import static org.mailstore.schema.jooq.Tables.MESSAGES;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.mailstore.store.mime.BaseSubject;
import org.mailstore.store.mime.SortKeys;

/**
 * Streams the SORT and THREAD keys of a mailbox's messages from the {@code blobs} key columns (V8), in UID order,
 * {@link #MAX_BATCH_ROWS} per short transaction, each batch handed over after its transaction ended. A row written
 * before V8 has no keys yet; for it (and only it) the cached header is read and the keys computed from it with the
 * same code the writer uses ({@link SortKeys#of}), so results never depend on a row's age.
 */
final class SortKeyFetch {
    /** Rows per transaction; the key columns are short, so this is ~2 MB at most for ordinary mail. */
    static final int MAX_BATCH_ROWS = 5000;
    /** Rows the JDBC driver pulls per round trip inside a batch. */
    static final int CURSOR_ROWS = 1000;

    private final Transactions tx;

    SortKeyFetch(Transactions tx) {
        this.tx = tx;
    }

    void fetch(Account account, long mailboxId, long[] uids, Consumer<SortRow> each) {
        for (int from = 0; from < uids.length; from += MAX_BATCH_ROWS) {
            int start = from, end = Math.min(uids.length, from + MAX_BATCH_ROWS);
            List<SortRow> rows = tx.run(c -> read(DSL.using(c), account.id(), mailboxId, Arrays.copyOfRange(uids, start, end)));
            rows.forEach(each);
        }
    }

    private static List<SortRow> read(DSLContext t, long accountId, long mailboxId, long[] uids) throws SQLException {
        Long[] boxed = Arrays.stream(uids).boxed().toArray(Long[]::new);
        var query = t.select(MESSAGES.UID, MESSAGES.INTERNAL_DATE, MESSAGES.SIZE, BLOBS.SORT_SUBJECT, BLOBS.SORT_REPLY,
                        BLOBS.SORT_FROM, BLOBS.SORT_DISPLAY_FROM, BLOBS.SORT_TO, BLOBS.SORT_DISPLAY_TO, BLOBS.SORT_CC,
                        BLOBS.SENT_DATE, BLOBS.MESSAGE_ID, BLOBS.THREAD_REFS,
                        DSL.when(BLOBS.SORT_SUBJECT.isNull(), BLOBS.HEADER))
                .from(MESSAGES).join(BLOBS).on(BLOBS.BLOB_HASH.eq(MESSAGES.BLOB_HASH))
                .where(Messages.inMailbox(accountId, mailboxId))
                .and(MESSAGES.UID.between(uids[0], uids[uids.length - 1]))
                .and(MESSAGES.UID.eq(any(boxed)))
                .orderBy(MESSAGES.UID)
                .fetchSize(CURSOR_ROWS);
        List<SortRow> rows = new ArrayList<>(uids.length);
        try (ResultSet rs = query.fetchResultSet()) {
            while (rs.next()) {
                rows.add(new SortRow(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getLong(3), keys(rs)));
            }
        }
        return rows;
    }

    private static SortKeys keys(ResultSet rs) throws SQLException {
        String subject = rs.getString(4);
        if (subject == null) return SortKeys.of(rs.getBytes(14)); // a row from before V8
        long sent = rs.getLong(11);
        if (rs.wasNull()) sent = SortKeys.NO_DATE;
        String[] refs = (String[]) rs.getArray(13).getArray();
        return new SortKeys(new BaseSubject(subject, rs.getBoolean(5)), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getString(10), sent, rs.getString(12), List.of(refs));
    }
}

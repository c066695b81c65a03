package org.mailstore.store.maintenance;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Streams a query's rows through a PostgreSQL server-side cursor: the JDBC driver fetches
 * {@link #FETCH_ROWS} rows at a time only inside a transaction, so the stream holds its own
 * connection with auto-commit off until it is closed. One snapshot covers the whole scan.
 */
final class LazyQuery {
    /** Rows per round trip; big enough to keep a scan of millions of rows fast, small enough to bound memory. */
    static final int FETCH_ROWS = 5_000;

    private LazyQuery() {}

    static <R extends Record, T> Stream<T> stream(DataSource ds, Function<DSLContext, ResultQuery<R>> query, Function<R, T> mapper) {
        Connection c;
        try {
            c = ds.getConnection();
            c.setAutoCommit(false);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a database connection: " + e.getMessage(), e);
        }
        try {
            Cursor<R> cursor = query.apply(DSL.using(c, SQLDialect.POSTGRES)).fetchSize(FETCH_ROWS).fetchLazy();
            return cursor.stream().map(mapper).onClose(() -> {
                cursor.close();
                release(c);
            });
        } catch (RuntimeException e) {
            release(c);
            throw e;
        }
    }

    private static void release(Connection c) {
        try {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // The connection is closed next; the pool discards a broken one.
        } finally {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing more to release
            }
        }
    }
}

package org.mailstore.store;

import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * A statement of one fixed shape, built once with the DSL against the generated classes with a named
 * {@link DSL#param} for every value, rendered to SQL text once, and then executed through jOOQ with bound values.
 * jOOQ otherwise renders the whole statement tree anew on each execution: 29% of serve's samples outside LOGIN
 * under the IMAP load. The unchanging text also lets the driver keep the statement prepared on the server, where
 * PostgreSQL may plan it once for unknown values: a condition that only some executions need (a {@code modseq <=
 * MAX} for "no limit") must be a shape of its own, never a bound that happens to match everything.
 */
final class RenderedQuery {
    /**
     * Renders the text jOOQ itself would send for these values, casts included ({@code cast(? as timestamp(6) with
     * time zone)}). Executing wraps an array value in its cast once more ({@code cast(cast(? as bigint[]) as
     * bigint[])}), which PostgreSQL folds at parse time.
     */
    private static final DSLContext RENDERER = DSL.using(SQLDialect.POSTGRES, MailStore.renderSettings());

    private final String sql;
    private final List<String> names;
    private final List<DataType<?>> types;
    private final Field<?>[] fields;

    private RenderedQuery(Query query, Field<?>[] fields, List<String> names) {
        // Collected as PostgreSQL renders them: another dialect may render a different statement (an array inlined).
        List<Param<?>> params = RENDERER.extractParams(query).values().stream().filter(p -> !p.isInline()).toList();
        int values = RENDERER.extractBindValues(query).size();
        List<String> bound = params.stream().map(Param::getParamName).toList();
        if (!bound.equals(names) || values != names.size()) {
            throw new IllegalArgumentException("the query must bind exactly the named params " + names + " in this order, each once; it binds "
                    + bound + " (" + values + " values)");
        }
        this.sql = RENDERER.render(query);
        this.names = names;
        this.types = new ArrayList<>(names.size());
        for (Param<?> p : params) types.add(p.getDataType());
        this.fields = fields;
    }

    /** A statement without a result; {@code names}: its params in the order they are bound. */
    static RenderedQuery of(Query query, String... names) {
        return new RenderedQuery(query, new Field<?>[0], List.of(names));
    }

    /** A statement with a result, read later through the fields {@code query} selects or returns. */
    static RenderedQuery of(ResultQuery<?> query, String... names) {
        return new RenderedQuery(query, query.fields(), List.of(names));
    }

    /** The statement with {@code values} (one per param, in order) bound, to execute on {@code t}. */
    Query query(DSLContext t, Object... values) {
        return t.query(sql, binds(values));
    }

    /** The statement with {@code values} bound, its records having the fields of the query it was built from. */
    ResultQuery<Record> resultQuery(DSLContext t, Object... values) {
        return t.resultQuery(sql, binds(values)).coerce(fields);
    }

    /** {@link #resultQuery} for a statement that selects or returns every column of {@code table}, as its records. */
    <R extends Record> ResultQuery<R> resultQuery(DSLContext t, Table<R> table, Object... values) {
        return t.resultQuery(sql, binds(values)).coerce(table);
    }

    /** The SQL text, as rendered once: for tests and plans. */
    String sql() {
        return sql;
    }

    @SuppressWarnings("unchecked")
    private QueryPart[] binds(Object[] values) {
        if (values.length != types.size()) {
            throw new IllegalArgumentException("expected values for " + names + ", got " + values.length);
        }
        QueryPart[] binds = new QueryPart[values.length];
        for (int i = 0; i < values.length; i++) binds[i] = DSL.val(values[i], (DataType<Object>) types.get(i));
        return binds;
    }
}

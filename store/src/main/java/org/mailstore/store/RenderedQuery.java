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
import org.jooq.VisitContext;
import org.jooq.VisitListener;
import org.jooq.impl.CustomQueryPart;
import org.jooq.impl.DSL;

/**
 * A statement of one fixed shape, built once with the DSL against the generated classes with a named
 * {@link DSL#param} for every value, rendered to SQL text once, and then executed through jOOQ with bound values.
 * jOOQ otherwise renders the whole statement tree anew on each execution: 29% of serve's samples outside LOGIN
 * under the IMAP load. The unchanging text also lets the driver keep the statement prepared on the server, where
 * PostgreSQL may plan it once for unknown values: a condition that only some executions need (a {@code modseq <=
 * MAX} for "no limit") must be a shape of its own, never a bound that happens to match everything.
 *
 * <p>The text is kept cut at its values, and an execution hands jOOQ the pieces and the values as one opaque part:
 * given the whole text as a plain SQL template, jOOQ scanned it character by character for placeholders on every
 * execution, 23% of serve's samples under the IMAP load (JFR, 2026-11-27).
 */
final class RenderedQuery {
    /**
     * Renders the text jOOQ itself would send for these values, casts included ({@code cast(? as timestamp(6) with
     * time zone)}); an execution renders each value the same way between the same pieces, so PostgreSQL gets the
     * one text every time.
     */
    private static final DSLContext RENDERER = DSL.using(SQLDialect.POSTGRES, MailStore.renderSettings());
    /** The plain SQL template an execution hands jOOQ: only the one part, which holds the text and the values. */
    private static final String WHOLE = "{0}";

    private final String sql;
    /** The text between the values: one piece before each, and the rest after the last. */
    private final String[] pieces;
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
        List<int[]> spans = new ArrayList<>(names.size());
        this.sql = markingValues(spans).render(query);
        this.names = names;
        this.types = new ArrayList<>(names.size());
        for (Param<?> p : params) types.add(p.getDataType());
        this.fields = fields;
        if (spans.size() != names.size()) throw new IllegalArgumentException("found " + spans.size() + " values, expected " + names.size());
        this.pieces = piecesBetween(sql, spans);
        String joined = RENDERER.render(part(new Object[names.size()]));
        if (!joined.equals(sql)) {
            throw new IllegalArgumentException("the pieces and values render\n" + joined + "\nnot\n" + sql);
        }
    }

    /** The renderer, noting in {@code spans} where in the text each value's own text begins and ends. */
    private static DSLContext markingValues(List<int[]> spans) {
        int[] open = new int[1];
        return DSL.using(RENDERER.configuration().derive(new VisitListener() {
            @Override
            public void visitStart(VisitContext v) {
                if (isValue(v.queryPart())) open[0] = v.context().render().length();
            }

            @Override
            public void visitEnd(VisitContext v) {
                if (isValue(v.queryPart())) spans.add(new int[] {open[0], v.context().render().length()});
            }
        }));
    }

    /** {@code text} without the spans of its values: one piece before each, and the rest after the last. */
    private static String[] piecesBetween(String text, List<int[]> spans) {
        String[] pieces = new String[spans.size() + 1];
        int from = 0;
        for (int i = 0; i < spans.size(); i++) {
            pieces[i] = text.substring(from, spans.get(i)[0]);
            from = spans.get(i)[1];
        }
        pieces[spans.size()] = text.substring(from);
        return pieces;
    }

    private static boolean isValue(QueryPart part) {
        return part instanceof Param<?> p && !p.isInline();
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
        return t.query(WHOLE, part(values));
    }

    /** The statement with {@code values} bound, its records having the fields of the query it was built from. */
    ResultQuery<Record> resultQuery(DSLContext t, Object... values) {
        return t.resultQuery(WHOLE, part(values)).coerce(fields);
    }

    /** {@link #resultQuery} for a statement that selects or returns every column of {@code table}, as its records. */
    <R extends Record> ResultQuery<R> resultQuery(DSLContext t, Table<R> table, Object... values) {
        return t.resultQuery(WHOLE, part(values)).coerce(table);
    }

    /** The SQL text, as rendered once: for tests and plans. */
    String sql() {
        return sql;
    }

    /** The pieces with the values between them, which jOOQ renders as it did when the text was cut. */
    private QueryPart part(Object[] values) {
        QueryPart[] binds = binds(values);
        return CustomQueryPart.of(ctx -> {
            for (int i = 0; i < binds.length; i++) ctx.sql(pieces[i], true).visit(binds[i]);
            ctx.sql(pieces[binds.length], true);
        });
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

package org.mailstore.backup;

import java.util.List;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.impl.DSL;

/**
 * The text of PostgreSQL COPY statements, which jOOQ cannot build. Identifiers come from the generated schema or a
 * manifest this code wrote, and are quoted by jOOQ all the same. The only values are blob hashes, which jOOQ renders
 * inline as bytea literals.
 */
final class CopySql {
    private static final DSLContext RENDER = DSL.using(SQLDialect.POSTGRES);

    private CopySql() {}

    static String copyOut(String table, List<String> columns) {
        return "COPY " + quoted(table) + " (" + columnList(columns) + ") TO STDOUT";
    }

    /** A query's rows; its values are rendered inline (COPY takes no bind parameters), which jOOQ escapes. */
    static String copyOut(Select<?> query) {
        return "COPY (" + RENDER.renderInlined(query) + ") TO STDOUT";
    }

    static String copyIn(String table, List<String> columns) {
        return "COPY " + quoted(table) + " (" + columnList(columns) + ") FROM STDIN";
    }

    private static String columnList(List<String> columns) {
        return columns.stream().map(CopySql::quoted).collect(Collectors.joining(", "));
    }

    static String quoted(String identifier) {
        return RENDER.render(DSL.name(identifier));
    }
}

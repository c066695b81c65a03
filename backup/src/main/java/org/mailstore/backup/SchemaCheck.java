package org.mailstore.backup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.mailstore.schema.jooq.Public;

/**
 * A snapshot copies the tables and columns of the generated schema, so it is only whole when the live database has
 * exactly those: a database migrated by a newer mailstore may have a column this build would silently leave out, and
 * one not yet migrated lacks columns the COPY would name. Read from the catalog in the snapshot's transaction (a few
 * milliseconds), instead of loading Flyway to compare version numbers, and stricter: it compares what is copied.
 */
final class SchemaCheck {
    /** Flyway's own table: its one fact that matters, the version, is read separately and restore rebuilds the table. */
    static final String FLYWAY_HISTORY = "flyway_schema_history";

    private SchemaCheck() {}

    /** @throws IllegalStateException naming the first table or column that differs */
    static void requireMatch(DSLContext sql, List<Table<?>> tables) {
        Map<String, TreeSet<String>> live = new LinkedHashMap<>();
        for (Record2<String, String> r : sql.select(DSL.field("c.relname", String.class), DSL.field("a.attname", String.class))
                .from(DSL.table("pg_catalog.pg_class c"))
                .join(DSL.table("pg_catalog.pg_namespace n")).on(DSL.condition("n.oid = c.relnamespace"))
                .join(DSL.table("pg_catalog.pg_attribute a")).on(DSL.condition("a.attrelid = c.oid"))
                .where(DSL.condition("n.nspname = {0}", DSL.val(Public.PUBLIC.getName())))
                .and(DSL.condition("c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"))
                .fetch()) {
            live.computeIfAbsent(r.value1(), t -> new TreeSet<>()).add(r.value2());
        }
        live.remove(FLYWAY_HISTORY);
        List<String> problems = new ArrayList<>();
        for (Table<?> t : tables) {
            TreeSet<String> known = new TreeSet<>(Arrays.stream(t.fields()).map(Field::getName).toList());
            TreeSet<String> there = live.remove(t.getName());
            if (there == null) {
                problems.add("table " + t.getName() + " is missing");
            } else if (!there.equals(known)) {
                TreeSet<String> extra = new TreeSet<>(there);
                extra.removeAll(known);
                TreeSet<String> lacking = new TreeSet<>(known);
                lacking.removeAll(there);
                problems.add("table " + t.getName() + (extra.isEmpty() ? "" : " has columns this build does not know: " + extra)
                        + (extra.isEmpty() || lacking.isEmpty() ? "" : ";") + (lacking.isEmpty() ? "" : " lacks columns " + lacking));
            }
        }
        live.keySet().forEach(t -> problems.add("table " + t + " is not known to this build"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the database's schema is not the one this mailstore backs up (" + String.join("; ", problems)
                    + "): back it up with the mailstore release that serves it, after serve has migrated it");
        }
    }
}

package org.mailstore.backup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jooq.ForeignKey;
import org.jooq.Table;
import org.mailstore.schema.jooq.Public;
import org.mailstore.schema.jooq.Tables;

/**
 * The tables a backup copies, from the generated jOOQ schema (so no name in the COPY statements comes from outside the
 * build), ordered so that every table comes after the tables it references: the order restore loads them in.
 */
final class TableOrder {
    private TableOrder() {}

    /**
     * The tables a backup copies and restore loads: all but {@code blob_text}, which is derived from the blobs (the
     * full-text SEARCH text, V7) and as large as their text, and {@code search_text_queue} (V10), the blobs whose
     * text is still to be written; a blob without its text is simply always a SEARCH candidate until
     * {@code mailstore index rebuild} fills it again after a restore (docs/operations.md); nor {@code blob_header}
     * (V12), a copy of each blob row's header that a trigger writes again as restore loads {@code blobs}.
     */
    static List<Table<?>> copied() {
        return tables().stream().filter(t -> !DERIVED.contains(t)).toList();
    }

    private static final Set<Table<?>> DERIVED = Set.of(Tables.BLOB_TEXT, Tables.BLOB_HEADER, Tables.SEARCH_TEXT_QUEUE);

    /** Every table of the schema, in load order. */
    static List<Table<?>> tables() {
        Set<Table<?>> ordered = new LinkedHashSet<>();
        List<Table<?>> all = new ArrayList<>(Public.PUBLIC.getTables());
        all.sort((a, b) -> a.getName().compareTo(b.getName()));
        for (Table<?> t : all) visit(t, ordered, new LinkedHashSet<>());
        return List.copyOf(ordered);
    }

    private static void visit(Table<?> table, Set<Table<?>> ordered, Set<Table<?>> path) {
        if (ordered.contains(table)) return;
        if (!path.add(table)) throw new IllegalStateException("foreign keys form a cycle through " + table.getName());
        for (ForeignKey<?, ?> fk : table.getReferences()) {
            Table<?> referenced = fk.getKey().getTable();
            if (!referenced.equals(table)) visit(referenced, ordered, path);
        }
        ordered.add(table);
    }
}

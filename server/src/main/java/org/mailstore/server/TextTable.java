package org.mailstore.server;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A table for people: a header row, then one row per item, each column padded to its widest cell
 * and separated by two spaces; the last column is not padded, so lines carry no trailing blanks.
 */
final class TextTable {
    static final String GAP = "  ";

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = List.of(header);
    }

    TextTable row(Object... cells) {
        if (cells.length != header.size()) throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
        List<String> row = new ArrayList<>(cells.length);
        for (Object c : cells) row.add(String.valueOf(c));
        rows.add(row);
        return this;
    }

    void print(PrintStream out) {
        int[] widths = new int[header.size()];
        for (List<String> r : allRows()) {
            for (int i = 0; i < r.size(); i++) widths[i] = Math.max(widths[i], r.get(i).length());
        }
        for (List<String> r : allRows()) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                String cell = r.get(i);
                line.append(cell);
                if (i < r.size() - 1) line.append(" ".repeat(widths[i] - cell.length())).append(GAP);
            }
            out.println(line);
        }
        out.flush();
    }

    private List<List<String>> allRows() {
        List<List<String>> all = new ArrayList<>(rows.size() + 1);
        all.add(header);
        all.addAll(rows);
        return all;
    }
}

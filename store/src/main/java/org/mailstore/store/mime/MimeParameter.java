package org.mailstore.store.mime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One MIME parameter ({@code ; name=value}) as it will appear in BODYSTRUCTURE: name case kept, quoted
 * values unquoted, RFC 2231 continuations merged.
 */
record MimeParameter(String name, String value) {

    /**
     * Parses the parameters that follow a Content-Type or Content-Disposition value. Broken input is skipped
     * to the next {@code ;}, as Dovecot does.
     *
     * <p>RFC 2231: {@code name*0}, {@code name*1}, ... are joined into {@code name}; when any piece is
     * extended ({@code name*0*}, {@code name*}) the result is named {@code name*} and keeps the
     * {@code charset'language'%XX} form (non-extended pieces get their {@code %} escaped, and a leading
     * {@code ''} when the first piece carries no charset). Pieces with a gap in their numbering are left
     * as they were. Merged parameters follow the plain ones, sorted by name.
     */
    static List<MimeParameter> parseList(ValueScanner in) {
        List<MimeParameter> plain = new ArrayList<>();
        List<Piece> pieces = new ArrayList<>();
        while (!in.atEnd()) {
            if (!in.peekIs(';')) {
                in.skip();
                continue;
            }
            in.skip();
            if (!in.skipCfws()) {
                break;
            }
            String name = in.token();
            if (name.isEmpty() || !in.peekIs('=')) {
                continue;
            }
            in.skip();
            String value = !in.skipCfws() ? "" : in.peekIs('"') ? in.quotedString() : in.tokenOrRaw();
            Piece piece = Piece.of(name, value);
            if (piece == null) {
                plain.add(new MimeParameter(name, value));
            } else {
                pieces.add(piece);
            }
        }
        plain.addAll(merge(pieces));
        return plain;
    }

    private static List<MimeParameter> merge(List<Piece> pieces) {
        List<MimeParameter> merged = new ArrayList<>();
        pieces.sort(Comparator.comparing(Piece::name).thenComparingLong(Piece::index));
        int i = 0;
        while (i < pieces.size()) {
            int next = i;
            boolean contiguous = true;
            boolean extended = false;
            while (next < pieces.size() && pieces.get(next).name().equalsIgnoreCase(pieces.get(i).name())) {
                contiguous &= pieces.get(next).index() == next - i;
                extended |= pieces.get(next).extended();
                next++;
            }
            if (!contiguous) {
                for (int j = i; j < next; j++) {
                    Piece p = pieces.get(j);
                    merged.add(new MimeParameter(p.name() + "*" + p.index() + (p.extended() ? "*" : ""), p.value()));
                }
            } else {
                StringBuilder value = new StringBuilder();
                if (extended && !pieces.get(i).extended()) {
                    value.append("''");
                }
                for (int j = i; j < next; j++) {
                    Piece p = pieces.get(j);
                    value.append(extended && !p.extended() ? p.value().replace("%", "%25") : p.value());
                }
                merged.add(new MimeParameter(pieces.get(i).name() + (extended ? "*" : ""), value.toString()));
            }
            i = next;
        }
        return merged;
    }

    /** An RFC 2231 parameter piece: {@code name*}, {@code name*N} or {@code name*N*}. */
    private record Piece(String name, long index, boolean extended, String value) {

        private static final int MAX_INDEX_DIGITS = 9;

        static Piece of(String key, String value) {
            int star = key.indexOf('*');
            if (star <= 0) {
                return null;
            }
            int p = star + 1;
            long index = 0;
            int digits = 0;
            while (p < key.length() && Character.isDigit(key.charAt(p)) && key.charAt(p) < 0x80
                    && digits < MAX_INDEX_DIGITS) {
                index = index * 10 + (key.charAt(p) - '0');
                p++;
                digits++;
            }
            boolean extended = p < key.length() && key.charAt(p) == '*';
            if (extended) {
                p++;
            }
            if (p != key.length() || (digits == 0 && !extended)) {
                return null;
            }
            return new Piece(key.substring(0, star), index, extended, value);
        }
    }
}

package org.mailstore.imapd.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code HEADER.FIELDS (...)} and {@code HEADER.FIELDS.NOT (...)} (RFC 9051 §6.4.5): the fields of a header
 * whose names are (or are not) in the list, compared without regard to ASCII case, each copied verbatim with
 * its folded continuation lines, in header order, then the blank line that RFC 3501 requires even when no
 * field matched ({@code "\r\n"} alone).
 *
 * <p>A cached header ({@link #apply(byte[])}, a client's first sync: once per message of the mailbox) is
 * filtered in place, line by line: a field name is compared with the listed names as bytes, folded to lower
 * case through a table, and kept lines are copied in one piece into the only array allocated. A header read
 * from a blob ({@link #apply(InputStream)}, rare) is scanned byte by byte, keeping only a field name in a
 * buffer ({@link #MAX_NAME_BYTES}), so a header of any size filters in memory that grows only with the output.
 * Both give the same bytes. A field whose last line lacks a line break (a header that ends the message) gets
 * CRLF, so the blank line stays a line of its own. A line without a colon is a field whose name is the whole
 * line: never listed, so {@code .NOT} keeps it. Names compare as ISO-8859-1 text without regard to case, with
 * white space around them ignored ({@code "Subject :"} is Subject).
 *
 * <p>Immutable: one filter serves every message of a FETCH, from any thread.
 */
public final class HeaderFilter {
    /** Longer field names cannot match any name a client lists; the rest of such a name is not buffered. */
    static final int MAX_NAME_BYTES = 1000;
    private static final byte[] CRLF = {'\r', '\n'};
    /** ISO-8859-1 lower case of each byte, as {@link String#toLowerCase} folds the names. */
    private static final byte[] LOWER = new byte[256];
    /** The bytes {@link String#strip} removes around a name. */
    private static final boolean[] SPACE = new boolean[256];

    static {
        for (int b = 0; b < 256; b++) {
            LOWER[b] = (byte) Character.toLowerCase((char) b);
            SPACE[b] = Character.isWhitespace((char) b);
        }
    }

    private final Set<String> names;
    /** The listed names, lower case, as ISO-8859-1 bytes; a name with a character beyond it matches no header. */
    private final byte[][] nameBytes;
    private final boolean exclude;

    private HeaderFilter(List<String> names, boolean exclude) {
        this.names = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.nameBytes = this.names.stream().filter(n -> n.chars().allMatch(c -> c < 256))
                .map(n -> n.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new);
        this.exclude = exclude;
    }

    /** HEADER.FIELDS: only the listed fields. */
    public static HeaderFilter including(List<String> names) {
        return new HeaderFilter(names, false);
    }

    /** HEADER.FIELDS.NOT: every field but the listed ones. */
    public static HeaderFilter excluding(List<String> names) {
        return new HeaderFilter(names, true);
    }

    /** Filters a header held in memory, which may go on past its blank line. */
    public byte[] apply(byte[] header) {
        // The output is at most the header plus the CRLF an unterminated last field gets plus the blank line.
        byte[] out = new byte[header.length + 2 * CRLF.length];
        int n = 0;
        boolean keep = false;
        int i = 0;
        while (i < header.length) {
            byte b = header[i];
            if (b == '\n' || (b == '\r' && i + 1 < header.length && header[i + 1] == '\n')) break; // the blank line
            int end = lineEnd(header, i);
            if (b != ' ' && b != '\t') keep = keeps(header, i, end);
            if (keep) {
                System.arraycopy(header, i, out, n, end - i);
                n += end - i;
            }
            i = end;
        }
        if (n > 0 && out[n - 1] != '\n') n = put(out, n, CRLF);
        n = put(out, n, CRLF);
        return Arrays.copyOf(out, n);
    }

    /** Whether the field starting at {@code start} (its line ending at {@code end}) is copied. */
    private boolean keeps(byte[] h, int start, int end) {
        int limit = Math.min(end, start + MAX_NAME_BYTES);
        int colon = start;
        while (colon < limit && h[colon] != ':' && h[colon] != '\n') colon++;
        boolean named = (colon < end && h[colon] == ':') || colon - start == MAX_NAME_BYTES;
        return named ? wanted(h, start, colon) : exclude;
    }

    private boolean wanted(byte[] h, int from, int to) {
        while (from < to && SPACE[h[from] & 0xff]) from++;
        while (to > from && SPACE[h[to - 1] & 0xff]) to--;
        for (byte[] name : nameBytes) {
            if (sameIgnoringCase(name, h, from, to)) return !exclude;
        }
        return exclude;
    }

    private static boolean sameIgnoringCase(byte[] lowerName, byte[] h, int from, int to) {
        if (lowerName.length != to - from) return false;
        for (int k = 0; k < lowerName.length; k++) {
            if (lowerName[k] != LOWER[h[from + k] & 0xff]) return false;
        }
        return true;
    }

    /** The index after the line feed that ends the line starting at {@code from}, or the end of {@code h}. */
    private static int lineEnd(byte[] h, int from) {
        for (int i = from; i < h.length; i++) {
            if (h[i] == '\n') return i + 1;
        }
        return h.length;
    }

    private static int put(byte[] out, int n, byte[] bytes) {
        System.arraycopy(bytes, 0, out, n, bytes.length);
        return n + bytes.length;
    }

    /** Filters the header read from {@code in}, which may go on past the header's blank line. */
    public byte[] apply(InputStream in) throws IOException {
        InputStream input = in.markSupported() ? in : new java.io.BufferedInputStream(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean keep = false;
        int last = '\n';
        while (true) {
            int b = input.read();
            if (b < 0 || b == '\n' || (b == '\r' && nextIsLf(input))) break; // end of input, or the blank line
            if (b != ' ' && b != '\t') {
                ByteArrayOutputStream name = new ByteArrayOutputStream();
                b = readName(input, b, name);
                boolean named = b == ':' || name.size() == MAX_NAME_BYTES;
                keep = named ? wanted(name.toString(StandardCharsets.ISO_8859_1)) : exclude;
                if (keep && name.size() > 0) { // a line may start with its colon: an empty name
                    byte[] bytes = name.toByteArray();
                    out.write(bytes);
                    last = bytes[bytes.length - 1];
                }
            }
            // Copy or skip the rest of the line, including its line break.
            while (b >= 0) {
                if (keep) {
                    out.write(b);
                    last = b;
                }
                if (b == '\n') break;
                b = input.read();
            }
            if (b < 0) break;
        }
        if (last != '\n') out.write(CRLF);
        out.write(CRLF);
        return out.toByteArray();
    }

    /** Buffers a field name from its first byte up to the colon (exclusive) and returns the byte after. */
    private static int readName(InputStream input, int first, ByteArrayOutputStream name) throws IOException {
        int b = first;
        while (b >= 0 && b != ':' && b != '\n' && name.size() < MAX_NAME_BYTES) {
            name.write(b);
            b = input.read();
        }
        return b;
    }

    private boolean wanted(String rawName) {
        String name = rawName.strip().toLowerCase(Locale.ROOT);
        return names.contains(name) != exclude;
    }

    private static boolean nextIsLf(InputStream input) throws IOException {
        input.mark(1);
        if (input.read() == '\n') return true;
        input.reset();
        return false;
    }
}

package org.mailstore.imapd.fetch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * <p>The header is scanned once, byte by byte, from the start up to its blank line or its end, keeping only
 * a field name in a buffer ({@link #MAX_NAME_BYTES}); so a header of any size filters in memory that grows
 * only with the output. A field whose last line lacks a line break (a header that ends the message) gets
 * CRLF, so the blank line stays a line of its own. A line without a colon is a field whose name is the
 * whole line: never listed, so {@code .NOT} keeps it.
 */
public final class HeaderFilter {
    /** Longer field names cannot match any name a client lists; the rest of such a name is not buffered. */
    static final int MAX_NAME_BYTES = 1000;
    private static final byte[] CRLF = {'\r', '\n'};

    private final Set<String> names;
    private final boolean exclude;

    private HeaderFilter(List<String> names, boolean exclude) {
        this.names = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
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

    public byte[] apply(byte[] header) {
        try {
            return apply(new ByteArrayInputStream(header));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
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
                if (keep) {
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

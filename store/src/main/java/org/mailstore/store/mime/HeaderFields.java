package org.mailstore.store.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * The fields of a header block (the cached top-level header, typically), unfolded, for SEARCH: HEADER, FROM,
 * SUBJECT..., and SENT* on the Date: field. Values are raw (RFC 2047 encoded-words intact) from
 * {@link #values}; {@link #decode} turns encoded-words into text for matching. 8-bit bytes are read as UTF-8
 * when they are valid UTF-8 (RFC 6532) and as ISO-8859-1 otherwise, field by field.
 */
public final class HeaderFields {

    /** One field: its name as written and its unfolded value without leading white space. */
    public record Field(String name, String value) {}

    private final List<Field> fields;

    private HeaderFields(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    /** Parses up to the blank line that ends the header, or to the end of {@code header}. */
    public static HeaderFields parse(byte[] header) {
        List<Field> fields = new ArrayList<>();
        int start = -1; // start of the current field, -1 before the first
        int i = 0;
        while (i < header.length) {
            int eol = indexOf(header, (byte) '\n', i);
            int lineEnd = eol < 0 ? header.length : eol;
            int contentEnd = lineEnd > i && header[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (contentEnd == i) break; // the blank line
            boolean continuation = header[i] == ' ' || header[i] == '\t';
            if (!continuation) {
                if (start >= 0) add(fields, header, start, i);
                start = i;
            }
            i = eol < 0 ? header.length : eol + 1;
        }
        if (start >= 0) add(fields, header, start, i);
        return new HeaderFields(fields);
    }

    public List<Field> fields() {
        return fields;
    }

    /** The values of every field with this name (ASCII case-insensitive), in header order. */
    public List<String> values(String name) {
        List<String> values = new ArrayList<>();
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) values.add(f.value());
        }
        return values;
    }

    public Optional<String> first(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) return Optional.of(f.value());
        }
        return Optional.empty();
    }

    /** RFC 2047 encoded-words decoded to text; malformed ones stay as they are. */
    public static String decode(String value) {
        return value.contains("=?") ? DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT) : value;
    }

    private static void add(List<Field> fields, byte[] header, int from, int to) {
        String text = unfold(text(header, from, to));
        int colon = text.indexOf(':');
        if (colon <= 0) return; // not a field: no name to search by
        fields.add(new Field(text.substring(0, colon).strip(), text.substring(colon + 1).stripLeading()));
    }

    private static String unfold(String field) {
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\r' && c != '\n') sb.append(c);
        }
        return sb.toString();
    }

    private static String text(byte[] bytes, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) return i;
        }
        return -1;
    }
}

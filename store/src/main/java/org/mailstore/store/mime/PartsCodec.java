package org.mailstore.store.mime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code parts} jsonb column: a compact JSON array with one object per {@link MimePart},
 * <pre>[{"s":"1","ho":0,"hl":312,"bo":312,"bl":1024,"ln":20}, ...]</pre>
 * ({@code s} section, {@code ho}/{@code hl} header offset/length, {@code bo}/{@code bl} body offset/length,
 * {@code ln} body lines).
 *
 * <p>The decoder is strict: standard JSON syntax with any white space and key order (PostgreSQL returns
 * jsonb objects with reordered keys and added spaces), exactly these six keys once each, non-negative
 * integers that fit a {@code long}, and well-formed section names. Anything else is an
 * {@link IllegalArgumentException}: a corrupt cache row must be noticed, not half-read.
 */
public final class PartsCodec {

    private static final Pattern SECTION =
            Pattern.compile("MESSAGE|[1-9][0-9]{0,8}(\\.[1-9][0-9]{0,8})*(\\.MESSAGE)?");
    private static final List<String> KEYS = List.of("s", "ho", "hl", "bo", "bl", "ln");

    private PartsCodec() {
    }

    public static String toJson(List<MimePart> parts) {
        StringBuilder out = new StringBuilder(parts.size() * 56 + 2);
        out.append('[');
        for (int i = 0; i < parts.size(); i++) {
            MimePart p = parts.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"s\":");
            string(out, p.section());
            out.append(",\"ho\":").append(p.headerOffset())
                    .append(",\"hl\":").append(p.headerLength())
                    .append(",\"bo\":").append(p.bodyOffset())
                    .append(",\"bl\":").append(p.bodyLength())
                    .append(",\"ln\":").append(p.bodyLines())
                    .append('}');
        }
        return out.append(']').toString();
    }

    public static List<MimePart> fromJson(String json) {
        return new Decoder(json).parts();
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private static final class Decoder {

        private final String text;
        private int pos;

        Decoder(String text) {
            if (text == null) {
                throw new IllegalArgumentException("parts JSON is null");
            }
            this.text = text;
        }

        List<MimePart> parts() {
            List<MimePart> parts = new ArrayList<>();
            space();
            expect('[');
            space();
            if (!peek(']')) {
                do {
                    space();
                    parts.add(part());
                    space();
                } while (consume(','));
            }
            expect(']');
            space();
            if (pos != text.length()) {
                throw error("trailing data");
            }
            return List.copyOf(parts);
        }

        private MimePart part() {
            Map<String, Object> values = new HashMap<>();
            expect('{');
            do {
                space();
                String key = string();
                if (!KEYS.contains(key)) {
                    throw error("unknown key \"" + key + "\"");
                }
                if (values.containsKey(key)) {
                    throw error("duplicate key \"" + key + "\"");
                }
                space();
                expect(':');
                space();
                values.put(key, key.equals("s") ? string() : number());
                space();
            } while (consume(','));
            expect('}');
            if (values.size() != KEYS.size()) {
                throw error("part needs keys " + KEYS + ", has " + values.keySet());
            }
            String section = (String) values.get("s");
            if (!SECTION.matcher(section).matches()) {
                throw error("bad section \"" + section + "\"");
            }
            return new MimePart(section, (Long) values.get("ho"), (Long) values.get("hl"), (Long) values.get("bo"),
                    (Long) values.get("bl"), (Long) values.get("ln"));
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw error("control character in string");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= text.length()) {
                    throw error("unterminated escape");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> sb.append(unicodeEscape());
                    default -> throw error("bad escape \\" + e);
                }
            }
        }

        private char unicodeEscape() {
            if (pos + 4 > text.length()) {
                throw error("short \\u escape");
            }
            int value = 0;
            for (int i = 0; i < 4; i++) {
                int digit = Character.digit(text.charAt(pos++), 16);
                if (digit < 0) {
                    throw error("bad \\u escape");
                }
                value = value * 16 + digit;
            }
            return (char) value;
        }

        private Long number() {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            String digits = text.substring(start, pos);
            if (digits.isEmpty()) {
                throw error("expected a non-negative integer");
            }
            if (digits.length() > 1 && digits.charAt(0) == '0') {
                throw error("leading zero");
            }
            if (pos < text.length() && ".eE".indexOf(text.charAt(pos)) >= 0) {
                throw error("expected an integer");
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw error("integer out of range");
            }
        }

        private void space() {
            while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private boolean consume(char c) {
            if (peek(c)) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!consume(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("bad parts JSON at offset " + pos + ": " + what);
        }
    }
}

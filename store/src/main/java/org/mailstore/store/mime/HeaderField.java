package org.mailstore.store.mime;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One header field, unfolded and decoded to text.
 *
 * <p>The value is the raw field body: RFC 2047 encoded-words stay encoded, as RFC 3501 wants for ENVELOPE.
 * Unfolding deletes every CR and LF. 8-bit bytes are decoded as UTF-8 when they form valid UTF-8
 * (RFC 6532 mail); otherwise as ISO-8859-1, which maps every byte to a character. Dovecot sends such raw
 * bytes through unchanged, but the cache lives in PostgreSQL text columns, which must hold valid UTF-8.
 * NUL cannot appear in an IMAP string at all, not even in a literal, so it becomes U+FFFD.
 *
 * @param charset how the value bytes were decoded; re-encoding the value with it gives the raw bytes back
 *                (needed to compare a boundary parameter with raw body lines)
 */
record HeaderField(String name, String value, Charset charset) {

    static final char NUL_REPLACEMENT = '\uFFFD';

    /** Decodes {@code line[0, length)}, the unfolded field bytes without line breaks; null if it has no colon. */
    static HeaderField parse(byte[] line, int length) {
        int colon = -1;
        for (int i = 0; i < length; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon <= 0) {
            return null;
        }
        int nameEnd = colon;
        while (nameEnd > 0 && (line[nameEnd - 1] == ' ' || line[nameEnd - 1] == '\t')) {
            nameEnd--;
        }
        if (nameEnd == 0) {
            return null;
        }
        int valueStart = colon + 1;
        while (valueStart < length && (line[valueStart] == ' ' || line[valueStart] == '\t')) {
            valueStart++;
        }
        String name = new String(line, 0, nameEnd, StandardCharsets.ISO_8859_1);
        Charset charset = isUtf8(line, valueStart, length - valueStart) ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        String value = sanitize(new String(line, valueStart, length - valueStart, charset));
        return new HeaderField(name, value, charset);
    }

    boolean named(String other) {
        return name.equalsIgnoreCase(other);
    }

    private static boolean isUtf8(byte[] bytes, int from, int length) {
        boolean ascii = true;
        for (int i = from; i < from + length && ascii; i++) {
            ascii = bytes[i] >= 0;
        }
        if (ascii) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String sanitize(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\r' || c == '\n') {
                continue;
            }
            sb.append(c == 0 ? NUL_REPLACEMENT : c);
        }
        return sb.toString();
    }
}

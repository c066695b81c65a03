package org.mailstore.net;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding for SASL messages: malformed input is refused, never replaced. */
final class SaslText {
    private SaslText() {}

    /** The characters of {@code b[from, to)}, or null when they are not valid UTF-8. */
    static char[] utf8(byte[] b, int from, int to) {
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, from, to - from));
            char[] out = new char[cb.remaining()];
            cb.get(out);
            return out;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static boolean hasNul(char[] c) {
        for (char x : c) if (x == 0) return true;
        return false;
    }
}

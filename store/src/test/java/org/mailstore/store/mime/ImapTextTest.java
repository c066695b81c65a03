package org.mailstore.store.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ImapTextTest {

    private static String string(String value) {
        StringBuilder out = new StringBuilder();
        ImapText.nstring(out, value);
        return out.toString();
    }

    @Test
    void nullIsNil() {
        assertEquals("NIL", string(null));
    }

    @Test
    void sevenBitTextIsQuotedWithQuotesAndBackslashesEscaped() {
        assertEquals("\"\"", string(""));
        assertEquals("\"a \\\"b\\\" c\\\\d\"", string("a \"b\" c\\d"));
        assertEquals("\"tab\there\"", string("tab\there"), "TEXT-CHAR allows controls other than CR and LF");
    }

    @Test
    void eightBitTextIsALiteralCountingUtf8Bytes() {
        assertEquals("{7}\r\nGrüße", string("Grüße"));
        assertEquals("{4}\r\n\uD83D\uDCE7", string("\uD83D\uDCE7"), "a surrogate pair is one 4-byte character");
    }

    @Test
    void lineBreaksForceALiteral() {
        assertEquals("{3}\r\na\r\n", string("a\r\n"));
    }

    @Test
    void nulCannotTravelEvenInALiteral() {
        assertEquals("{5}\r\na\uFFFDb", string("a\0b"));
    }
}

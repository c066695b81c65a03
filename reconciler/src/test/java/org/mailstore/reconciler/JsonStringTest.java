package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonStringTest {
    @Test
    void plainTextIsOnlyQuoted() {
        assertEquals("\"bob@example.org ä €\"", JsonString.quote("bob@example.org ä €"));
    }

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\"", JsonString.quote("a\"b\\c"));
    }

    @Test
    void lineBreaksCannotSplitTheLiteral() {
        assertEquals("\"a\\r\\nb\\tc\\u0000\\u001f\\u2028\\u2029\"", JsonString.quote("a\r\nb\tc\u0000\u001f\u2028\u2029"));
    }
}

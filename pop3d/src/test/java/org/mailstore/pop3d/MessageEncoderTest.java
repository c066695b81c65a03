package org.mailstore.pop3d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageEncoderTest {
    static final long ALL = MessageEncoder.WHOLE_MESSAGE;

    @Test
    void stuffsDotsAndTerminates() throws IOException {
        assertEquals("a\r\n..\r\n...b\r\n..c.\r\n.\r\n", encode("a\r\n.\r\n..b\r\n.c.\r\n", ALL));
        assertEquals("..first\r\n.\r\n", encode(".first\r\n", ALL));
        assertEquals(".\r\n", encode("", ALL));
    }

    @Test
    void bareLfBecomesCrlfAndALoneCrStaysData() throws IOException {
        assertEquals("a\r\nb\r\n\r\nc\r\n.\r\n", encode("a\nb\n\nc\n", ALL));
        assertEquals("a\rb\r\n.\r\n", encode("a\rb\r\n", ALL));
        assertEquals("a\r\n..\r\n.\r\n", encode("a\n.\n", ALL));
    }

    @Test
    void anUnterminatedLastLineIsEndedBeforeTheDot() throws IOException {
        assertEquals("a\r\nlast\r\n.\r\n", encode("a\r\nlast", ALL));
        assertEquals("a\r\nlast\r\n.\r\n", encode("a\r\nlast\r", ALL));
        assertEquals("..\r\n.\r\n", encode(".", ALL));
    }

    @Test
    void topSendsTheHeaderTheBlankLineAndNBodyLines() throws IOException {
        String m = "H: 1\r\nH: 2\r\n\r\none\r\n.two\r\nthree\r\n";
        assertEquals("H: 1\r\nH: 2\r\n\r\n.\r\n", encode(m, 0));
        assertEquals("H: 1\r\nH: 2\r\n\r\none\r\n.\r\n", encode(m, 1));
        assertEquals("H: 1\r\nH: 2\r\n\r\none\r\n..two\r\n.\r\n", encode(m, 2));
        assertEquals("H: 1\r\nH: 2\r\n\r\none\r\n..two\r\nthree\r\n.\r\n", encode(m, 3));
        assertEquals("H: 1\r\nH: 2\r\n\r\none\r\n..two\r\nthree\r\n.\r\n", encode(m, 1000));
        assertEquals("H: 1\n".replace("\n", "\r\n") + "\r\none\r\n.\r\n", encode("H: 1\n\none\ntwo\n", 1));
        assertEquals("H: 1\r\nH: 2\r\n.\r\n", encode("H: 1\r\nH: 2", 0));
        assertEquals("H: 1\r\n\r\nbody without end\r\n.\r\n", encode("H: 1\r\n\r\nbody without end", 5));
    }

    @Test
    void everySplitAndByteByByteGiveTheSameOutput() throws IOException {
        String[] messages = {"H: 1\r\n\r\n.a\r\n..\r\nb\nc\rd\r\n.", "a\n.\n\n.\r\n\r\r\n"};
        for (String m : messages) {
            for (long limit : new long[] {ALL, 0, 1, 2}) {
                String whole = encode(m, limit);
                byte[] b = m.getBytes(StandardCharsets.UTF_8);
                for (int cut = 0; cut <= b.length; cut++) {
                    assertEquals(whole, encodeChunks(b, limit, cut), "limit " + limit + " cut " + cut + " of " + m);
                }
                assertEquals(whole, encodeChunks(b, limit, -1), "byte by byte, limit " + limit);
            }
        }
    }

    @Test
    void topAsksForNoMoreBytesOnceItHasItsLines() throws IOException {
        MessageEncoder e = new MessageEncoder(new ByteArrayOutputStream(), 1);
        assertTrue(e.write(bytes("H: 1\r\n"), 0, 6));
        assertTrue(e.write(bytes("\r\n"), 0, 2));
        assertFalse(e.write(bytes("one\r\ntwo\r\n"), 0, 10));
        assertFalse(e.write(bytes("three\r\n"), 0, 7));
    }

    private static String encode(String message, long limit) throws IOException {
        return encodeChunks(message.getBytes(StandardCharsets.UTF_8), limit, 0);
    }

    /** {@code cut} 0: one chunk; -1: one byte at a time; else two chunks split at {@code cut}. */
    private static String encodeChunks(byte[] b, long limit, int cut) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessageEncoder e = new MessageEncoder(out, limit);
        if (cut == 0) {
            e.write(b, 0, b.length);
        } else if (cut < 0) {
            for (int i = 0; i < b.length && e.write(b, i, 1); i++) {
                // one byte per call
            }
        } else if (e.write(b, 0, cut)) {
            e.write(b, cut, b.length - cut);
        }
        e.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

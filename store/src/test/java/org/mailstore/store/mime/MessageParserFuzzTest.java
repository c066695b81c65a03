package org.mailstore.store.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The MIME metadata parser over arbitrary message bytes. Properties: it never throws on readable input; the size,
 * header and line counts are those of the bytes; every part's header and body range lies inside the message and its
 * line count is the LF count of that range; the number of entries is bounded by {@link MessageParser#MAX_PARTS};
 * the IMAP strings are parenthesised; {@link PartsCodec} gives the parts back from their JSON; and the result does
 * not depend on how the stream hands out its bytes. Assertion messages are suppliers, built only on a failure:
 * built eagerly, every input would pay for the text of every part record and of the IMAP strings.
 */
class MessageParserFuzzTest {
    /** Reads of at most this many bytes, in the split run. */
    static final int MAX_CHUNK = 13;

    @FuzzTest(maxDuration = "10s")
    void metadataDescribesTheBytes(byte[] message) throws IOException {
        MessageMetadata m = MessageParser.parse(new ByteArrayInputStream(message));
        assertEquals(message.length, m.size());
        assertTrue(m.headerSize() >= 0 && m.headerSize() <= m.size(), () -> "header size " + m.headerSize());
        assertArrayEquals(Arrays.copyOf(message, (int) Math.min(m.headerSize(), MessageParser.MAX_HEADER_BYTES)), m.header());
        assertEquals(lineFeeds(message, m.headerSize(), message.length), m.bodyLines());
        assertFalse(m.parts().isEmpty());
        assertTrue(m.parts().size() <= 2 * MessageParser.MAX_PARTS, () -> m.parts().size() + " entries");
        for (MimePart p : m.parts()) checkPart(p, message);
        for (String imap : new String[] {m.envelope(), m.body(), m.bodyStructure()}) {
            assertTrue(imap.startsWith("(") && imap.endsWith(")"), () -> "not parenthesised: " + imap);
        }
        assertEquals(m.parts(), PartsCodec.fromJson(PartsCodec.toJson(m.parts())));

        MessageMetadata split = MessageParser.parse(trickle(message, message.length % MAX_CHUNK + 1));
        assertEquals(m.size(), split.size());
        assertEquals(m.headerSize(), split.headerSize());
        assertArrayEquals(m.header(), split.header());
        assertEquals(m.envelope(), split.envelope());
        assertEquals(m.bodyStructure(), split.bodyStructure());
        assertEquals(m.parts(), split.parts());
    }

    private static void checkPart(MimePart p, byte[] message) {
        assertTrue(p.headerEnd() <= message.length && p.bodyEnd() <= message.length, () -> "part outside the message: " + p);
        assertTrue(p.headerEnd() <= p.bodyOffset(), () -> "body before the header ends: " + p);
        assertEquals(lineFeeds(message, p.bodyOffset(), p.bodyEnd()), p.bodyLines(), () -> "line count of " + p);
    }

    private static long lineFeeds(byte[] b, long from, long to) {
        long n = 0;
        for (int i = (int) from; i < to; i++) if (b[i] == '\n') n++;
        return n;
    }

    private static InputStream trickle(byte[] data, int chunk) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}

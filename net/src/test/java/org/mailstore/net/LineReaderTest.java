package org.mailstore.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
    /** Hands out at most {@code chunk} bytes per read, like a slow network. */
    static InputStream trickle(byte[] data, int chunk) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    static List<String> lines(byte[] data, int chunk, int max) throws IOException {
        LineReader r = new LineReader(trickle(data, chunk), 8);
        List<String> out = new ArrayList<>();
        for (LineReader.Line l; (l = r.readLine(max)) != null; ) {
            out.add(l.tooLong() ? "<too long>" : new String(l.bytes(), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @Test
    void crlfAndBareLfLinesReadTheSameWhateverTheChunking() throws IOException {
        byte[] data = "A1 NOOP\r\nB2 LOGIN x y\nlast without newline".getBytes(StandardCharsets.US_ASCII);
        for (int chunk = 1; chunk <= data.length; chunk++) {
            assertEquals(List.of("A1 NOOP", "B2 LOGIN x y", "last without newline"), lines(data, chunk, 100), "chunk " + chunk);
        }
    }

    @Test
    void aLineAtTheLimitPassesAndOneByteMoreIsTooLongButTheNextLineIsRead() throws IOException {
        String ten = "0123456789";
        assertEquals(List.of(ten), lines((ten + "\r\n").getBytes(StandardCharsets.US_ASCII), 3, 10));
        assertEquals(List.of(ten), lines((ten + "\n").getBytes(StandardCharsets.US_ASCII), 3, 10));
        assertEquals(List.of("<too long>", "next"), lines((ten + "X\r\nnext\r\n").getBytes(StandardCharsets.US_ASCII), 3, 10));
        byte[] mega = new byte[1 << 20];
        java.util.Arrays.fill(mega, (byte) 'x');
        byte[] data = (new String(mega, StandardCharsets.US_ASCII) + "\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of("<too long>", "QUIT"), lines(data, 4096, 1000));
    }

    @Test
    void emptyStreamIsNullAndEmptyLineIsEmpty() throws IOException {
        assertNull(new LineReader(new ByteArrayInputStream(new byte[0])).readLine(10));
        assertEquals(List.of("", ""), lines("\r\n\n".getBytes(StandardCharsets.US_ASCII), 1, 10));
    }

    @Test
    void readExactlyCopiesCountedBytesThenLinesContinue() throws IOException {
        byte[] data = "{5}\r\nab\r\ncNEXT\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int chunk = 1; chunk <= data.length; chunk++) {
            LineReader r = new LineReader(trickle(data, chunk), 4);
            assertEquals("{5}", new String(r.readLine(100).bytes(), StandardCharsets.US_ASCII));
            ByteArrayOutputStream lit = new ByteArrayOutputStream();
            assertTrue(r.readExactly(5, lit::write));
            assertArrayEquals("ab\r\nc".getBytes(StandardCharsets.US_ASCII), lit.toByteArray());
            assertEquals("NEXT", new String(r.readLine(100).bytes(), StandardCharsets.US_ASCII));
        }
        assertFalse(new LineReader(new ByteArrayInputStream(new byte[3])).readExactly(4, (b, o, l) -> { }));
    }

    @Test
    void rawReadsHandOutBufferedBytesFirstAndLinesContinueAfterThem() throws IOException {
        byte[] data = "DATA\r\nbody bytes.\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int chunk = 1; chunk <= data.length; chunk++) {
            LineReader r = new LineReader(trickle(data, chunk), 4);
            assertEquals("DATA", new String(r.readLine(100).bytes(), StandardCharsets.US_ASCII));
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            byte[] b = new byte[3];
            while (raw.size() < "body bytes.\r\n".length()) {
                int n = r.read(b, 0, Math.min(b.length, "body bytes.\r\n".length() - raw.size()));
                assertTrue(n > 0 && n <= r.buffered() + n);
                raw.write(b, 0, n);
            }
            assertEquals("body bytes.\r\n", raw.toString(StandardCharsets.US_ASCII));
            assertEquals("QUIT", new String(r.readLine(100).bytes(), StandardCharsets.US_ASCII));
            assertEquals(0, r.buffered());
            assertEquals(-1, r.read(b, 0, 3));
        }
    }

    @Test
    void singleByteReadsStopWhereTheCallerStopsAndLeaveTheRestForLines() throws IOException {
        byte[] data = "x.\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int chunk = 1; chunk <= data.length; chunk++) {
            LineReader r = new LineReader(trickle(data, chunk), 4);
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().endsWith("\n")) seen.append((char) r.read());
            assertEquals("x.\r\n", seen.toString());
            assertEquals("QUIT", new String(r.readLine(100).bytes(), StandardCharsets.US_ASCII));
            assertEquals(-1, r.read());
        }
    }
}

package org.mailstore.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The line reader every protocol reads commands with, driven by arbitrary bytes arriving in arbitrary pieces and
 * read through arbitrary mixes of lines and counted data. Each result is checked against a model of the contract:
 * a line is the bytes up to the next LF without one trailing CR, or {@code tooLong} (with no bytes) when longer than
 * the limit; counted reads hand out exactly the next bytes. Nothing is lost, nothing is duplicated, nothing held
 * exceeds the limit.
 */
class LineReaderFuzzTest {
    /** Small limits and buffers, so that the fuzzer crosses every boundary with short inputs. */
    static final int MAX_LINE_LIMIT = 64;
    static final int MAX_BUFFER = 32;
    static final int MAX_CHUNK = 16;
    static final int MAX_COUNTED_READ = 80;

    @FuzzTest(maxDuration = "10s")
    void linesAndCountedDataMatchTheModel(FuzzedDataProvider data) throws IOException {
        int maxLine = data.consumeInt(0, MAX_LINE_LIMIT);
        int buffer = data.consumeInt(1, MAX_BUFFER);
        int chunk = data.consumeInt(1, MAX_CHUNK);
        byte[] ops = data.consumeBytes(16);
        byte[] input = data.consumeRemainingAsBytes();
        LineReader reader = new LineReader(trickle(input, chunk), buffer);
        int at = 0;
        for (int i = 0; ; i++) {
            int op = i < ops.length ? ops[i] & 0xff : 0;
            if (op % 4 == 3) {
                int length = op / 4 % MAX_COUNTED_READ;
                at = readCounted(reader, input, at, length);
            } else {
                LineReader.Line line = reader.readLine(maxLine);
                if (line == null) {
                    assertEquals(input.length, at, "end of stream reported with bytes left");
                    return;
                }
                at = checkLine(line, input, at, maxLine);
            }
            if (at == input.length && i >= ops.length) {
                assertNull(reader.readLine(maxLine));
                return;
            }
        }
    }

    /** The model's line at {@code at}; returns where the next one starts. */
    private static int checkLine(LineReader.Line line, byte[] input, int at, int maxLine) {
        assertTrue(at < input.length, "a line after the end of the input");
        int lf = at;
        while (lf < input.length && input[lf] != '\n') lf++;
        int end = lf > at && input[lf - 1] == '\r' ? lf - 1 : lf;
        if (end - at > maxLine) {
            assertTrue(line.tooLong(), "a line of " + (end - at) + " bytes passed a limit of " + maxLine);
            assertEquals(0, line.bytes().length);
        } else {
            assertEquals(false, line.tooLong());
            assertArrayEquals(Arrays.copyOfRange(input, at, end), line.bytes());
        }
        return Math.min(lf + 1, input.length);
    }

    private static int readCounted(LineReader reader, byte[] input, int at, int length) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        boolean complete = reader.readExactly(length, (b, off, len) -> {
            assertTrue(len > 0, "an empty piece");
            got.write(b, off, len);
        });
        int available = input.length - at;
        assertEquals(length <= available, complete);
        assertArrayEquals(Arrays.copyOfRange(input, at, at + Math.min(length, available)), got.toByteArray());
        return at + Math.min(length, available);
    }

    /** Hands out at most {@code chunk} bytes per read, like a slow network. */
    private static InputStream trickle(byte[] data, int chunk) {
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}

package org.mailstore.lmtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailstore.net.LineReader;

class MessageStreamTest {
    /** Wire bytes after DATA (up to and including the final dot line) and the message they carry. */
    static final Map<String, String> DOT_SAMPLES = Map.of(
            ".\r\n", "",
            "Subject: x\r\n\r\nbody\r\n.\r\n", "Subject: x\r\n\r\nbody\r\n",
            "..leading\r\n...two\r\n.\r\n", ".leading\r\n..two\r\n",
            "bare\nlf\n.\n", "bare\nlf\n",
            ".x without a second dot\r\n.\r\n", "x without a second dot\r\n",
            ".\rnot the end\r\n.\r\n", "\rnot the end\r\n",
            "a.\r\n. \r\n.\r\n", "a.\r\n \r\n",
            "no final newline.\r\n.\r\n", "no final newline.\r\n");
    static final String AFTER = "QUIT\r\n";

    static String readAll(MessageStream s) throws IOException {
        return new String(s.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void dotStuffedSamplesSplitAtEveryOffsetGiveTheMessageAndLeaveTheNextCommand() throws IOException {
        for (var e : DOT_SAMPLES.entrySet()) {
            byte[] wire = bytes(e.getKey() + AFTER);
            for (int cut = 0; cut <= wire.length; cut++) {
                LineReader reader = new LineReader(new LmtpCommandParserTest.SplitStream(wire, cut), 5);
                DotUnstuffingInputStream s = new DotUnstuffingInputStream(reader, 1000);
                assertEquals(e.getValue(), readAll(s), e.getKey() + " cut " + cut);
                assertTrue(s.complete());
                assertEquals("QUIT", new String(reader.readLine(100).bytes(), StandardCharsets.US_ASCII));
            }
            LineReader bytewise = new LineReader(new LmtpCommandParserTest.SplitStream(wire, 0, true), 5);
            assertEquals(e.getValue(), readAll(new DotUnstuffingInputStream(bytewise, 1000)), e.getKey() + " one byte at a time");
        }
    }

    @Test
    void theLimitCountsMessageBytesAndTheRestIsDrainedToTheFinalDot() throws IOException {
        String message = "0123456789\r\n"; // 12 bytes
        DotUnstuffingInputStream atLimit = new DotUnstuffingInputStream(reader(message + ".\r\n"), 12);
        assertEquals(message, readAll(atLimit));
        assertFalse(atLimit.tooLarge());

        LineReader r = reader(message + "..more\r\n.\r\n" + AFTER);
        DotUnstuffingInputStream over = new DotUnstuffingInputStream(r, 12);
        assertThrows(MessageStream.TooLargeException.class, () -> over.readAllBytes());
        assertTrue(over.tooLarge());
        over.drain();
        assertTrue(over.complete());
        assertEquals("QUIT", new String(r.readLine(100).bytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void aConnectionEndingInsideTheMessageIsAFailureNotAnEnd() {
        DotUnstuffingInputStream s = new DotUnstuffingInputStream(reader("half a message\r\n"), 1000);
        assertThrows(EOFException.class, () -> s.readAllBytes());
        assertInstanceOf(EOFException.class, s.connectionFailure());
        assertFalse(s.complete());
    }

    @Test
    void chunksAreJoinedVerbatimAndEachFinishedChunkIsAnsweredBeforeTheNext() throws IOException {
        // BDAT 5 / BDAT 3 / BDAT 0 LAST: the session hands out the next command when asked
        LineReader r = reader("..a\r\nb.\nQUIT\r\n");
        List<Long> answered = new ArrayList<>();
        List<LmtpCommand.Bdat> next = new ArrayList<>(List.of(new LmtpCommand.Bdat(3, false), new LmtpCommand.Bdat(0, true)));
        ChunkedInputStream s = new ChunkedInputStream(r, new LmtpCommand.Bdat(5, false), finished -> {
            answered.add(finished);
            return next.removeFirst();
        }, 1000);
        assertEquals("..a\r\nb.\n", readAll(s));
        assertEquals(List.of(5L, 3L), answered);
        assertEquals("QUIT", new String(r.readLine(100).bytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void anotherCommandBetweenChunksInterruptsTheMessage() {
        ChunkedInputStream s = new ChunkedInputStream(reader("abc"), new LmtpCommand.Bdat(3, false), finished -> {
            throw new ChunkedInputStream.Interrupted(new LmtpCommand.Rset());
        }, 1000);
        assertThrows(ChunkedInputStream.Interrupted.class, () -> s.readAllBytes());
        assertEquals(new LmtpCommand.Rset(), s.interruptedBy());
        assertNotNull(s.interruptedBy());
    }

    @Test
    void availableNeverPromisesMoreThanIsBuffered() throws IOException {
        LineReader r = new LineReader(new ByteArrayInputStream(bytes("abc\r\n.\r\n")), 64);
        DotUnstuffingInputStream s = new DotUnstuffingInputStream(r, 1000);
        assertEquals('a', s.read());
        assertTrue(s.available() > 0);
        byte[] buf = new byte[100];
        assertEquals(4, s.read(buf, 0, 100)); // "bc\r\n", then the end without blocking
        assertEquals(-1, s.read(buf, 0, 100));
        assertEquals(0, s.available());
    }

    private static LineReader reader(String s) {
        return new LineReader(new ByteArrayInputStream(bytes(s)), 7);
    }
}

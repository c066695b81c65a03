package org.mailstore.lmtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.mailstore.net.LineReader;

/**
 * LMTP command lines as the session reads them (net's LineReader, then {@link LmtpCommandParser}) from arbitrary
 * client bytes. Properties: every line gives a command or a {@link Malformed} reply, never an exception; the same
 * line always gives the same result; a malformed line's reply is a permanent 5xx whose wire form is one CRLF-ended
 * line per text line; and since only printable ASCII is accepted, no parsed command carries a control or 8-bit
 * character onward to a reply or a trace header.
 */
class LmtpCommandFuzzTest {
    /** RFC 5321 §4.5.3.1.4: a command line is at most 512 octets with its CRLF. */
    static final int MAX_LINE_BYTES = 510;

    @FuzzTest(maxDuration = "10s")
    void everyLineIsACommandOrAReply(byte[] input) throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(input));
        for (LineReader.Line line = reader.readLine(MAX_LINE_BYTES); line != null; line = reader.readLine(MAX_LINE_BYTES)) {
            if (line.tooLong()) continue;
            ParseResult result = LmtpCommandParser.parse(line.bytes());
            assertNotNull(result);
            assertEquals(result, LmtpCommandParser.parse(line.bytes()), "the same line parsed differently");
            switch (result) {
                case Malformed(LmtpReply reply) -> checkReply(reply);
                case LmtpCommand command -> assertTrue(printable(command.toString()), "unprintable command: " + command);
            }
        }
    }

    private static void checkReply(LmtpReply reply) {
        assertTrue(reply.code() >= 500 && reply.code() < 600, "malformed line answered " + reply.code());
        String wire = new String(reply.encode(), StandardCharsets.US_ASCII);
        assertTrue(wire.endsWith("\r\n"));
        String[] lines = wire.substring(0, wire.length() - 2).split("\r\n", -1);
        assertEquals(reply.lines().size(), lines.length, "reply lines on the wire: " + wire);
        for (String l : lines) assertTrue(printable(l), "unprintable reply line: " + l);
    }

    private static boolean printable(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}

package org.mailstore.pop3d;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Locale;
import org.mailstore.net.LineReader;

/**
 * POP3 command lines and SASL continuation lines as the session reads them (net's LineReader, then
 * {@link Pop3CommandParser}) from arbitrary client bytes. Properties: every line gives a command or a malformed
 * text, never an exception; a command is the verb the line starts with; a malformed text, which is echoed after
 * "-ERR", is bounded and holds no CR or LF; an AUTH continuation line is a cancel, bytes that are its base64
 * decoding (re-encoding and decoding gives them back, and they are no longer than base64 allows), or malformed.
 */
class Pop3CommandFuzzTest {
    /** RFC 2449 §4: a command line is at most 255 octets with its CRLF. */
    static final int MAX_LINE_BYTES = 253;
    /** The longest fixed text plus the echoed keyword: a malformed text is never longer. */
    static final int MAX_MALFORMED_CHARS = 120;

    @FuzzTest(maxDuration = "10s")
    void everyLineIsACommandOrAnError(byte[] input) throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(input));
        for (LineReader.Line line = reader.readLine(MAX_LINE_BYTES); line != null; line = reader.readLine(MAX_LINE_BYTES)) {
            if (line.tooLong()) continue;
            checkCommand(line.bytes());
            checkAuthResponse(line.bytes());
        }
    }

    private static void checkCommand(byte[] line) {
        switch (Pop3CommandParser.parse(line)) {
            case Pop3CommandParser.Parsed(Pop3Command command) -> {
                assertNotNull(command);
                String keyword = new String(line, java.nio.charset.StandardCharsets.UTF_8).split(" ", 2)[0];
                assertEquals(command.verb().name(), keyword.toUpperCase(Locale.ROOT));
            }
            case Pop3CommandParser.Malformed(String text) -> checkEchoed(text);
        }
    }

    private static void checkAuthResponse(byte[] line) {
        switch (Pop3CommandParser.parseAuthResponse(line)) {
            case Pop3CommandParser.AuthCancel cancel -> assertArrayEquals(new byte[] {'*'}, line);
            case Pop3CommandParser.AuthData(byte[] data) -> {
                assertTrue(data.length <= line.length * 3 / 4, data.length + " bytes from " + line.length + " chars");
                assertArrayEquals(data, Base64.getDecoder().decode(Base64.getEncoder().encode(data)));
            }
            case Pop3CommandParser.AuthMalformed(String text) -> checkEchoed(text);
        }
    }

    private static void checkEchoed(String text) {
        assertTrue(text.length() <= MAX_MALFORMED_CHARS, "malformed text of " + text.length() + " chars");
        assertTrue(text.indexOf('\r') < 0 && text.indexOf('\n') < 0, "CR or LF in: " + text);
    }
}

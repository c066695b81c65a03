package org.mailstore.pop3d;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mailstore.net.LineReader;
import org.mailstore.net.SaslPlain;
import org.mailstore.net.testing.ChunkedInputStream;
import org.mailstore.pop3d.Pop3CommandParser.Malformed;
import org.mailstore.pop3d.Pop3CommandParser.Parsed;
import org.mailstore.pop3d.Pop3CommandParser.Result;

/**
 * The parser on its own, and behind the session's LineReader with every sample split at every
 * byte offset and fed one byte at a time: the result never depends on how the bytes arrive.
 */
class Pop3CommandParserTest {
    static final int MAX_LINE = 255;
    /** Stands for a line the LineReader reported as too long (it never reaches the parser). */
    static final Result TOO_LONG = new Malformed("<too long>");

    record Sample(String wire, Result expected) {}

    static final List<Sample> SAMPLES = List.of(
            new Sample("CAPA\r\n", parsed(new Pop3Command.Capa())),
            new Sample("capa\n", parsed(new Pop3Command.Capa())),
            new Sample("USER alice@example.org\r\n", parsed(new Pop3Command.User("alice@example.org"))),
            new Sample("USER   spaced@example.org\r\n", parsed(new Pop3Command.User("spaced@example.org"))),
            new Sample("USER\r\n", new Malformed("No username given.")),
            new Sample("PASS  two words \r\n", parsed(new Pop3Command.Pass(" two words "))),
            new Sample("PASS\r\n", parsed(new Pop3Command.Pass(""))),
            new Sample("PASS p\u00e4ss\r\n", parsed(new Pop3Command.Pass("p\u00e4ss"))),
            new Sample("AUTH\r\n", parsed(new Pop3Command.Auth(null, null))),
            new Sample("AUTH PLAIN\r\n", parsed(new Pop3Command.Auth("PLAIN", null))),
            new Sample("AUTH PLAIN =\r\n", parsed(new Pop3Command.Auth("PLAIN", new byte[0]))),
            new Sample("AUTH PLAIN AGEAYg==\r\n", parsed(new Pop3Command.Auth("PLAIN", new byte[] {0, 'a', 0, 'b'}))),
            new Sample("AUTH PLAIN A*==\r\n", new Malformed("Invalid base64 data in initial response.")),
            new Sample("QUIT\r\n", parsed(new Pop3Command.Quit())),
            new Sample("QUIT now\r\n", parsed(new Pop3Command.Quit())),
            new Sample("STAT\r\n", parsed(new Pop3Command.Stat())),
            new Sample("NOOP\r\n", parsed(new Pop3Command.Noop())),
            new Sample("RSET\r\n", parsed(new Pop3Command.Rset())),
            new Sample("LIST\r\n", parsed(new Pop3Command.List(OptionalInt.empty()))),
            new Sample("LIST \r\n", parsed(new Pop3Command.List(OptionalInt.empty()))),
            new Sample("LIST 7\r\n", parsed(new Pop3Command.List(OptionalInt.of(7)))),
            new Sample("UIDL\r\n", parsed(new Pop3Command.Uidl(OptionalInt.empty()))),
            new Sample("uidl 0012\r\n", parsed(new Pop3Command.Uidl(OptionalInt.of(12)))),
            new Sample("RETR 1\r\n", parsed(new Pop3Command.Retr(1))),
            new Sample("RETR 0\r\n", parsed(new Pop3Command.Retr(0))),
            new Sample("RETR 2147483647\r\n", parsed(new Pop3Command.Retr(Integer.MAX_VALUE))),
            new Sample("RETR 2147483648\r\n", new Malformed("Message number too large: 2147483648")),
            new Sample("RETR 99999999999999999999999\r\n", new Malformed("Message number too large: 99999999999999999999999")),
            new Sample("RETR\r\n", new Malformed("Invalid message number: ")),
            new Sample("RETR +1\r\n", new Malformed("Invalid message number: +1")),
            new Sample("RETR 1 \r\n", new Malformed("Noise after message number:  ")),
            new Sample("DELE 3\r\n", parsed(new Pop3Command.Dele(3))),
            new Sample("TOP 2 10\r\n", parsed(new Pop3Command.Top(2, 10))),
            new Sample("TOP 2   0\r\n", parsed(new Pop3Command.Top(2, 0))),
            new Sample("TOP 2\r\n", new Malformed("Noise after message number: ")),
            new Sample("TOP 2 -1\r\n", new Malformed("Invalid size: -1")),
            new Sample("TOP 2 1 1\r\n", new Malformed("Noise after size:  1")),
            new Sample("TOP 2 9223372036854775807\r\n", parsed(new Pop3Command.Top(2, Long.MAX_VALUE))),
            new Sample("TOP 2 9223372036854775808\r\n", new Malformed("Size too large: 9223372036854775808")),
            new Sample("STLS\r\n", parsed(new Pop3Command.Stls())),
            new Sample("XSENDERX\r\n", new Malformed("Unknown command: XSENDERX")),
            new Sample("\r\n", new Malformed("Unknown command: ")),
            new Sample("CA\rPA\r\n", new Malformed("Unknown command: CA?PA")),
            new Sample("\u00e9\u00e9\u00e9\u00e9 x\r\n", new Malformed("Unknown command: ????")),
            new Sample("RETR \u0000\r\n", new Malformed("Invalid message number: ?")),
            new Sample("USER " + "x".repeat(MAX_LINE) + "\r\n", TOO_LONG),
            new Sample("LIST 1", parsed(new Pop3Command.List(OptionalInt.of(1)))));

    static Parsed parsed(Pop3Command c) {
        return new Parsed(c);
    }

    @Test
    void eachSampleParsesToItsExpectedResult() throws IOException {
        for (Sample s : SAMPLES) {
            assertEquals(List.of(s.expected()), parseAll(new java.io.ByteArrayInputStream(bytes(s.wire()))), s.wire());
        }
    }

    @Test
    void eachSampleSplitAtEveryOffsetParsesTheSame() throws IOException {
        for (Sample s : SAMPLES) {
            byte[] wire = bytes(s.wire());
            for (int cut = 1; cut < wire.length; cut++) {
                assertEquals(List.of(s.expected()), parseAll(new ChunkedInputStream(wire, cut)), s.wire() + " cut at " + cut);
            }
            assertEquals(List.of(s.expected()), parseAll(ChunkedInputStream.oneByteAtATime(wire)), s.wire() + " byte by byte");
        }
    }

    @Test
    void allSamplesPipelinedSplitAtEveryOffsetParseTheSame() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<Result> expected = new ArrayList<>();
        for (Sample s : SAMPLES.subList(0, SAMPLES.size() - 1)) { // the last sample has no line end
            all.writeBytes(bytes(s.wire()));
            expected.add(s.expected());
        }
        byte[] wire = all.toByteArray();
        for (int cut = 1; cut < wire.length; cut++) {
            assertEquals(expected, parseAll(new ChunkedInputStream(wire, cut, Math.min(wire.length, cut + 7))), "cut at " + cut);
        }
        assertEquals(expected, parseAll(ChunkedInputStream.oneByteAtATime(wire)));
    }

    @Test
    void randomBytesComeBackAsResultsNeverAsExceptions() {
        Random random = new Random(4);
        for (int i = 0; i < 20_000; i++) {
            byte[] line = new byte[random.nextInt(60)];
            random.nextBytes(line);
            if (random.nextBoolean() && line.length > 5) System.arraycopy(bytes("TOP 1"), 0, line, 0, 5);
            Result r = Pop3CommandParser.parse(line);
            if (r instanceof Malformed m) {
                for (char c : m.text().toCharArray()) assertEquals(true, c >= 0x20 && c < 0x7f, "unsafe echo in " + m.text());
            }
            Pop3CommandParser.parseAuthResponse(line);
        }
    }

    @Test
    void authResponses() {
        assertInstanceOf(Pop3CommandParser.AuthCancel.class, Pop3CommandParser.parseAuthResponse(bytes("*")));
        assertArrayEquals(new byte[0], ((Pop3CommandParser.AuthData) Pop3CommandParser.parseAuthResponse(new byte[0])).data());
        assertArrayEquals(bytes("\0u\0p"), ((Pop3CommandParser.AuthData) Pop3CommandParser.parseAuthResponse(bytes("AHUAcA=="))).data());
        // Missing padding is forgiven, as by most SASL servers; a character outside the alphabet is not.
        assertArrayEquals(bytes("\0u\0p"), ((Pop3CommandParser.AuthData) Pop3CommandParser.parseAuthResponse(bytes("AHUAcA"))).data());
        assertEquals(new Pop3CommandParser.AuthMalformed("Invalid base64 data in continued response."),
                Pop3CommandParser.parseAuthResponse(bytes("AHU.cA==")));
        assertEquals(new Pop3CommandParser.AuthMalformed("Invalid base64 data in continued response."),
                Pop3CommandParser.parseAuthResponse(bytes("**")));
    }

    @Test
    void saslPlainTakesOnlyWellFormedMessagesForItsOwnIdentity() {
        assertEquals("u@example.org", SaslPlain.decode(bytes("\0u@example.org\0pw")).address());
        assertArrayEquals("pw".toCharArray(), SaslPlain.decode(bytes("u@example.org\0u@example.org\0pw")).password());
        assertArrayEquals(new char[0], SaslPlain.decode(bytes("\0u@example.org\0")).password());
        assertEquals(null, SaslPlain.decode(bytes("other@example.org\0u@example.org\0pw")));
        assertEquals(null, SaslPlain.decode(bytes("\0\0pw")));
        assertEquals(null, SaslPlain.decode(bytes("\0u@example.org\0p\0w")));
        assertEquals(null, SaslPlain.decode(bytes("u@example.org\0pw")));
        assertEquals(null, SaslPlain.decode(new byte[0]));
        assertEquals(null, SaslPlain.decode(new byte[] {0, 'u', 0, (byte) 0xff}));
        assertEquals("\u00fc@example.org", SaslPlain.decode(Base64.getDecoder().decode("AMO8QGV4YW1wbGUub3JnAHB3")).address());
    }

    @Test
    void passwordsAndInitialResponsesStayOutOfToString() {
        assertEquals("Pass[password=<hidden>]", new Pop3Command.Pass("secret").toString());
        assertEquals("Auth[mechanism=PLAIN, initialResponse=<hidden>]", new Pop3Command.Auth("PLAIN", bytes("x")).toString());
    }

    /** What the session does: LineReader finds lines (and overlong ones), the parser reads each. */
    private static List<Result> parseAll(InputStream in) throws IOException {
        LineReader reader = new LineReader(in, 64);
        List<Result> out = new ArrayList<>();
        for (LineReader.Line l = reader.readLine(MAX_LINE); l != null; l = reader.readLine(MAX_LINE)) {
            out.add(l.tooLong() ? TOO_LONG : Pop3CommandParser.parse(l.bytes()));
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

package org.mailstore.lmtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mailstore.lmtpd.LmtpCommand.Body;
import org.mailstore.net.LineReader;

class LmtpCommandParserTest {
    /** Each sample line and what it must parse to. */
    static final Map<String, ParseResult> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put("LHLO mx.example.org", new LmtpCommand.Lhlo("mx.example.org"));
        SAMPLES.put("lhlo [127.0.0.1]", new LmtpCommand.Lhlo("[127.0.0.1]"));
        SAMPLES.put("LHLO", new Malformed(LmtpReplies.LHLO_SYNTAX));
        SAMPLES.put("LHLO bad<host>", new Malformed(LmtpReplies.LHLO_SYNTAX));
        SAMPLES.put("HELO mx.example.org", new Malformed(LmtpReplies.USE_LHLO));
        SAMPLES.put("EHLO mx.example.org", new Malformed(LmtpReplies.USE_LHLO));
        SAMPLES.put("MAIL FROM:<alice@example.org>", new LmtpCommand.MailFrom("alice@example.org", OptionalLong.empty(), Body.SEVEN_BIT));
        SAMPLES.put("MAIL FROM:<>", new LmtpCommand.MailFrom("", OptionalLong.empty(), Body.SEVEN_BIT));
        SAMPLES.put("mail from: <a@b.example> SIZE=4096 BODY=8BITMIME",
                new LmtpCommand.MailFrom("a@b.example", OptionalLong.of(4096), Body.EIGHT_BIT_MIME));
        SAMPLES.put("MAIL FROM:<a@b.example> size=12 body=7bit", new LmtpCommand.MailFrom("a@b.example", OptionalLong.of(12), Body.SEVEN_BIT));
        SAMPLES.put("MAIL FROM:<@relay.example,@r2.example:a@b.example>", new LmtpCommand.MailFrom("a@b.example", OptionalLong.empty(), Body.SEVEN_BIT));
        SAMPLES.put("MAIL FROM:<\"odd one\"@b.example>", new LmtpCommand.MailFrom("\"odd one\"@b.example", OptionalLong.empty(), Body.SEVEN_BIT));
        SAMPLES.put("MAIL FROM:<a@[192.0.2.1]>", new LmtpCommand.MailFrom("a@[192.0.2.1]", OptionalLong.empty(), Body.SEVEN_BIT));
        SAMPLES.put("MAIL FROM:alice@example.org", new Malformed(LmtpReplies.BAD_SENDER));
        SAMPLES.put("MAIL FROM:<alice@example.org", new Malformed(LmtpReplies.BAD_SENDER));
        SAMPLES.put("MAIL FROM:<a b@example.org>", new Malformed(LmtpReplies.BAD_SENDER));
        SAMPLES.put("MAIL FROM:<a@>", new Malformed(LmtpReplies.BAD_SENDER));
        SAMPLES.put("MAIL TO:<a@b.example>", new Malformed(LmtpReplies.MAIL_SYNTAX));
        SAMPLES.put("MAIL FROM:<a@b.example>SIZE=1", new Malformed(LmtpReplies.MAIL_SYNTAX));
        SAMPLES.put("MAIL FROM:<a@b.example> SIZE=x", new Malformed(LmtpReplies.BAD_PARAMETER));
        SAMPLES.put("MAIL FROM:<a@b.example> SIZE=1234567890123456789", new Malformed(LmtpReplies.BAD_PARAMETER));
        SAMPLES.put("MAIL FROM:<a@b.example> SIZE=1 SIZE=2", new Malformed(LmtpReplies.DUPLICATE_PARAMETER));
        SAMPLES.put("MAIL FROM:<a@b.example> BODY=BINARYMIME", new Malformed(LmtpReplies.UNSUPPORTED_PARAMETER));
        SAMPLES.put("MAIL FROM:<a@b.example> RET=FULL", new Malformed(LmtpReplies.UNSUPPORTED_PARAMETER));
        SAMPLES.put("RCPT TO:<bob@example.org>", new LmtpCommand.RcptTo("bob@example.org"));
        SAMPLES.put("rcpt to:<bob+Work@example.org>", new LmtpCommand.RcptTo("bob+Work@example.org"));
        SAMPLES.put("RCPT TO:<Postmaster>", new LmtpCommand.RcptTo("Postmaster"));
        SAMPLES.put("RCPT TO:<>", new Malformed(LmtpReplies.BAD_RECIPIENT));
        SAMPLES.put("RCPT TO:<nobody>", new Malformed(LmtpReplies.BAD_RECIPIENT));
        SAMPLES.put("RCPT TO:<bob@example.org> NOTIFY=NEVER", new Malformed(LmtpReplies.UNSUPPORTED_PARAMETER));
        SAMPLES.put("RCPT FROM:<bob@example.org>", new Malformed(LmtpReplies.RCPT_SYNTAX));
        SAMPLES.put("DATA", new LmtpCommand.Data());
        SAMPLES.put("data ", new LmtpCommand.Data());
        SAMPLES.put("DATA now", new Malformed(LmtpReplies.NO_ARGUMENTS));
        SAMPLES.put("BDAT 1000", new LmtpCommand.Bdat(1000, false));
        SAMPLES.put("BDAT 0 LAST", new LmtpCommand.Bdat(0, true));
        SAMPLES.put("bdat 12 last", new LmtpCommand.Bdat(12, true));
        SAMPLES.put("BDAT", new Malformed(LmtpReplies.BDAT_SYNTAX));
        SAMPLES.put("BDAT -1", new Malformed(LmtpReplies.BDAT_SYNTAX));
        SAMPLES.put("BDAT 10 FIRST", new Malformed(LmtpReplies.BDAT_SYNTAX));
        SAMPLES.put("BDAT 1234567890123456789", new Malformed(LmtpReplies.BDAT_SYNTAX));
        SAMPLES.put("RSET", new LmtpCommand.Rset());
        SAMPLES.put("NOOP", new LmtpCommand.Noop());
        SAMPLES.put("NOOP anything at all", new LmtpCommand.Noop());
        SAMPLES.put("QUIT", new LmtpCommand.Quit());
        SAMPLES.put("STARTTLS", new LmtpCommand.StartTls());
        SAMPLES.put("VRFY bob", new LmtpCommand.Vrfy("bob"));
        SAMPLES.put("VRFY", new Malformed(LmtpReplies.VRFY_SYNTAX));
        SAMPLES.put("", new Malformed(LmtpReplies.EMPTY_COMMAND));
        SAMPLES.put("XYZZY", new Malformed(LmtpReplies.UNKNOWN_COMMAND));
        SAMPLES.put("GET / HTTP/1.1", new Malformed(LmtpReplies.UNKNOWN_COMMAND));
        SAMPLES.put("RCPT TO:<bob@ex\u0000ample.org>", new Malformed(LmtpReplies.INVALID_CHARACTERS));
        SAMPLES.put("MAIL FROM:<b\u00e9@example.org>", new Malformed(LmtpReplies.INVALID_CHARACTERS));
        SAMPLES.put("NOOP\tx", new Malformed(LmtpReplies.INVALID_CHARACTERS));
    }

    static ParseResult parse(String line) {
        return LmtpCommandParser.parse(line.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void eachSampleParsesToItsCommandOrReply() {
        SAMPLES.forEach((line, expected) -> assertEquals(expected, parse(line), line));
    }

    /** All samples, CRLF-terminated, in one stream; every other sample with a bare LF. */
    static byte[] script() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int i = 0;
        for (String line : SAMPLES.keySet()) {
            all.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
            all.writeBytes((i++ % 2 == 0 ? "\r\n" : "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return all.toByteArray();
    }

    /** The session's path: LineReader frames lines, the parser reads each one. */
    static List<ParseResult> parseStream(InputStream in) throws IOException {
        LineReader reader = new LineReader(in, 7);
        List<ParseResult> out = new ArrayList<>();
        for (LineReader.Line l; (l = reader.readLine(LmtpSettings.DEFAULT_MAX_LINE_BYTES)) != null; ) {
            out.add(LmtpCommandParser.parse(l.bytes()));
        }
        return out;
    }

    @Test
    void samplesSplitAtEveryByteOffsetParseTheSame() throws IOException {
        byte[] data = script();
        List<ParseResult> expected = List.copyOf(SAMPLES.values());
        for (int cut = 0; cut <= data.length; cut++) {
            assertEquals(expected, parseStream(new SplitStream(data, cut)), "cut at " + cut);
        }
    }

    @Test
    void samplesFedOneByteAtATimeParseTheSame() throws IOException {
        assertEquals(List.copyOf(SAMPLES.values()), parseStream(new SplitStream(script(), 1, true)));
    }

    @Test
    void randomBytesAreMalformedOrCommandsNeverExceptions() {
        Random random = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            byte[] line = new byte[random.nextInt(40)];
            random.nextBytes(line);
            if (i % 2 == 0) { // printable noise after a real verb reaches the argument parsers
                String verb = List.of("MAIL FROM:<", "RCPT TO:<", "BDAT ", "LHLO ", "MAIL FROM:<a@b> ").get(random.nextInt(5));
                for (int j = 0; j < line.length; j++) line[j] = (byte) (0x20 + Math.floorMod(line[j], 0x5f));
                byte[] v = verb.getBytes(StandardCharsets.US_ASCII);
                byte[] joined = new byte[v.length + line.length];
                System.arraycopy(v, 0, joined, 0, v.length);
                System.arraycopy(line, 0, joined, v.length, line.length);
                line = joined;
            }
            ParseResult r = LmtpCommandParser.parse(line);
            if (r instanceof Malformed m) assertInstanceOf(LmtpReply.class, m.reply());
        }
    }

    @Test
    void addressesThatReachRepliesCarryOnlyPrintableAscii() {
        assertInstanceOf(Malformed.class, parse("RCPT TO:<bob@example.org>\rRCPT TO:<x@y>"));
        assertInstanceOf(Malformed.class, parse("MAIL FROM:<a@b>\u0000"));
        assertInstanceOf(Malformed.class, parse("LHLO host\u0007"));
    }

    /** Hands out the bytes in two reads split at {@code cut}, or one byte per read. */
    static final class SplitStream extends ByteArrayInputStream {
        private final int cut;
        private final boolean bytewise;

        SplitStream(byte[] data, int cut) {
            this(data, cut, false);
        }

        SplitStream(byte[] data, int cut, boolean bytewise) {
            super(data);
            this.cut = cut;
            this.bytewise = bytewise;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            if (bytewise) return super.read(b, off, Math.min(len, 1));
            int limit = pos < cut ? cut - pos : len;
            return super.read(b, off, Math.max(1, Math.min(len, limit)));
        }
    }
}

package org.mailstore.store.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed, hostile and huge input never makes the parser throw, hang, or hold the body in memory. */
class MessageParserRobustnessTest {

    private static final int BOMB_LEVELS = 10_000;
    private static final int MUTATIONS_PER_MESSAGE = 100;
    private static final long SEED = 20250301L;
    private static final long LARGE_BODY_BYTES = 50L * 1024 * 1024;
    private static final byte[][] NASTY = {
        "\r\n".getBytes(StandardCharsets.US_ASCII), "\n".getBytes(StandardCharsets.US_ASCII),
        "\r".getBytes(StandardCharsets.US_ASCII), "--".getBytes(StandardCharsets.US_ASCII),
        "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), ":".getBytes(StandardCharsets.US_ASCII),
        "\"".getBytes(StandardCharsets.US_ASCII), "\\".getBytes(StandardCharsets.US_ASCII),
        "(".getBytes(StandardCharsets.US_ASCII), "<".getBytes(StandardCharsets.US_ASCII),
        ";".getBytes(StandardCharsets.US_ASCII), "=?".getBytes(StandardCharsets.US_ASCII),
        {0}, {(byte) 0xff}, {(byte) 0xc3}, "*0*=".getBytes(StandardCharsets.US_ASCII),
        "\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n".getBytes(StandardCharsets.US_ASCII),
        "\r\nContent-Type: message/rfc822\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
    };

    static Stream<Corpus> corpus() {
        return Corpus.all();
    }

    @Test
    void multipartNestingBombStopsAtMaxDepth() throws Exception {
        StringBuilder message = new StringBuilder("Subject: bomb\r\n");
        for (int i = 0; i < BOMB_LEVELS; i++) {
            message.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i)
                    .append("\r\n");
        }
        message.append("\r\ninnermost\r\n");
        for (int i = BOMB_LEVELS - 1; i >= 0; i--) {
            message.append("--b").append(i).append("--\r\n");
        }
        byte[] raw = message.toString().getBytes(StandardCharsets.US_ASCII);
        MessageMetadata m = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> parse(raw));
        Invariants.check(raw, m);
        String deepest = "1" + ".1".repeat(MessageParser.MAX_DEPTH - 1);
        MimePart opaque = MimePart.find(m.parts(), deepest).orElseThrow();
        assertEquals(MessageParser.MAX_DEPTH + 1, m.parts().size(), "MESSAGE and one part per level");
        assertTrue(opaque.bodyEnd() < raw.length, "the opaque leaf still ends at its parent's boundary");
        assertTrue(m.bodyStructure().contains("(\"text\" \"plain\" (\"charset\" \"us-ascii\")"));
    }

    @Test
    void rfc822NestingBombStopsAtMaxDepth() throws Exception {
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < BOMB_LEVELS; i++) {
            message.append("Subject: level ").append(i).append("\r\nContent-Type: message/rfc822\r\n\r\n");
        }
        message.append("Subject: innermost\r\n\r\ntext\r\n");
        byte[] raw = message.toString().getBytes(StandardCharsets.US_ASCII);
        MessageMetadata m = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> parse(raw));
        Invariants.check(raw, m);
        long messages = m.parts().stream().filter(MimePart::isMessage).count();
        assertEquals(MessageParser.MAX_DEPTH + 1, messages, "each message is its own message/rfc822 body");
        String deepest = MimePart.messageSection("1" + ".1".repeat(MessageParser.MAX_DEPTH - 1));
        assertTrue(MimePart.find(m.parts(), deepest).isPresent(), deepest);
        assertTrue(m.parts().stream().allMatch(p -> p.bodyEnd() == raw.length), "every level ends with the message");
    }

    @Test
    void fiftyMegabyteBodyIsStreamedNotBuffered() throws Exception {
        byte[] head = ("From: big@example.com\r\nSubject: big\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=big\r\n\r\n--big\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\r\n--big--\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] line = ("A".repeat(76) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        long lines = LARGE_BODY_BYTES / line.length;
        InputStream body = new RepeatingStream(line, lines * line.length);
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        MessageMetadata m = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> MessageParser.parse(
                new SequenceInputStream(new ByteArrayInputStream(head),
                        new SequenceInputStream(body, new ByteArrayInputStream(tail)))));
        System.gc();
        long retained = runtime.totalMemory() - runtime.freeMemory() - before;
        long bodyBytes = lines * line.length;
        assertEquals(head.length + lines * line.length + tail.length, m.size());
        MimePart part = MimePart.find(m.parts(), "1").orElseThrow();
        assertEquals(head.length, part.bodyOffset());
        assertEquals(bodyBytes, part.bodyLength());
        assertEquals(lines, part.bodyLines());
        assertTrue(retained < 16L * 1024 * 1024, "retained about " + retained / 1024 + " KiB");
    }

    @Test
    void fiftyMegabyteLineWithoutLineBreakIsStreamed() throws Exception {
        byte[] head = "Subject: one line\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        MessageMetadata m = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> MessageParser.parse(
                new SequenceInputStream(new ByteArrayInputStream(head),
                        new RepeatingStream("x".getBytes(StandardCharsets.US_ASCII), LARGE_BODY_BYTES))));
        assertEquals(head.length + LARGE_BODY_BYTES, m.size());
        assertEquals(0, m.bodyLines());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void seededMutationsNeverThrow(Corpus sample) throws Exception {
        Random random = new Random(SEED ^ sample.name().hashCode());
        for (int i = 0; i < MUTATIONS_PER_MESSAGE; i++) {
            byte[] mutated = mutate(sample.raw(), random);
            try {
                Invariants.check(mutated, parse(mutated));
            } catch (Throwable t) {
                throw new AssertionError("mutation " + i + " of " + sample.name() + ": "
                        + new String(mutated, StandardCharsets.ISO_8859_1), t);
            }
        }
    }

    static Stream<Corpus> truncated() {
        return Stream.of("01", "07", "08", "10", "15", "20", "23", "25", "34").map(Corpus::named);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("truncated")
    void truncationAtEveryOffsetNeverThrows(Corpus sample) throws Exception {
        for (int length = 0; length <= sample.raw().length; length++) {
            byte[] cut = Arrays.copyOf(sample.raw(), length);
            try {
                Invariants.check(cut, parse(cut));
            } catch (Throwable t) {
                throw new AssertionError(sample.name() + " cut at " + length, t);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void oneByteAtATimeGivesTheSameResult(Corpus sample) throws IOException {
        MessageMetadata whole = parse(sample.raw());
        MessageMetadata trickled = MessageParser.parse(new TrickleStream(sample.raw(), 1));
        assertSame(whole, trickled);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("truncated")
    void splitAtEveryOffsetGivesTheSameResult(Corpus sample) throws IOException {
        MessageMetadata whole = parse(sample.raw());
        for (int split = 0; split <= sample.raw().length; split++) {
            InputStream in = new SequenceInputStream(new ByteArrayInputStream(sample.raw(), 0, split),
                    new ByteArrayInputStream(sample.raw(), split, sample.raw().length - split));
            assertSame(whole, MessageParser.parse(in));
        }
    }

    private static void assertSame(MessageMetadata expected, MessageMetadata actual) {
        assertEquals(expected.size(), actual.size());
        assertEquals(expected.envelope(), actual.envelope());
        assertEquals(expected.bodyStructure(), actual.bodyStructure());
        assertEquals(expected.parts(), actual.parts());
        assertTrue(Arrays.equals(expected.header(), actual.header()));
    }

    private static byte[] mutate(byte[] raw, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 64);
        byte[] current = raw;
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            out.reset();
            int at = current.length == 0 ? 0 : random.nextInt(current.length + 1);
            out.write(current, 0, at);
            switch (random.nextInt(4)) {
                case 0 -> out.write(random.nextInt(256));
                case 1 -> out.writeBytes(NASTY[random.nextInt(NASTY.length)]);
                case 2 -> at = Math.min(current.length, at + 1 + random.nextInt(16));
                default -> {
                    out.write(random.nextInt(256));
                    at = Math.min(current.length, at + 1);
                }
            }
            out.write(current, at, current.length - at);
            current = out.toByteArray();
        }
        return current;
    }

    private static MessageMetadata parse(byte[] raw) throws IOException {
        return MessageParser.parse(new ByteArrayInputStream(raw));
    }

    /** {@code total} bytes of {@code pattern} repeated, generated on the fly. */
    private static final class RepeatingStream extends InputStream {
        private final byte[] pattern;
        private long remaining;
        private int pos;

        RepeatingStream(byte[] pattern, long total) {
            this.pattern = pattern;
            this.remaining = total;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                b[off + i] = pattern[pos];
                pos = (pos + 1) % pattern.length;
            }
            remaining -= n;
            return n;
        }
    }

    /** Hands out at most {@code chunk} bytes per read, like a slow connection. */
    private static final class TrickleStream extends InputStream {
        private final byte[] data;
        private final int chunk;
        private int pos;

        TrickleStream(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}

package org.mailstore.imapd.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ParsedCommand;
import org.mailstore.net.LineReader;

/**
 * Seeded random mutations of the valid samples, and random bytes, followed by a tail of NOOPs: the reader must
 * never throw, every BAD must be safe to send, and it must come back to a command boundary and parse the tail
 * (or have said it closes). Small limits, so literals and discards cannot swallow the tail.
 */
class CommandReaderFuzzTest {
    private static final long SEED = 0x1_4A_9051L;
    private static final int MUTATIONS = 6_000;
    private static final int RANDOM_INPUTS = 3_000;
    private static final ParserLimits LIMITS = new ParserLimits(1024, 64, 4096, 8, 50);
    /** What the simulated session accepts for APPEND, like a session would judge the size before continuing. */
    private static final long MAX_APPEND_BYTES = 64;
    private static final byte[] TAIL = ("\r\n" + "zz NOOP\r\n".repeat(2_000)).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INTERESTING = "(){}[]<>\"\\ +~*%$:,.\r\n\0-0123456789=&NIL".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void mutatedSamplesNeverBreakTheReader() {
        Random random = new Random(SEED);
        byte[][] samples = Samples.VALID.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < MUTATIONS; i++) {
                byte[] input = mutate(samples[random.nextInt(samples.length)], random);
                check(input);
            }
        });
    }

    @Test
    void randomBytesNeverBreakTheReader() {
        Random random = new Random(SEED + 1);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < RANDOM_INPUTS; i++) {
                byte[] input = new byte[random.nextInt(300)];
                for (int j = 0; j < input.length; j++) input[j] = randomByte(random);
                check(input);
            }
        });
    }

    private static void check(byte[] input) throws IOException {
        byte[] stream = Arrays.copyOf(input, input.length + TAIL.length);
        System.arraycopy(TAIL, 0, stream, input.length, TAIL.length);
        LineReader lines = new LineReader(new ByteArrayInputStream(stream), 64);
        CommandReader reader = new CommandReader(lines, text -> {}, LIMITS);
        String context = HexFormat.of().formatHex(input);
        ParsedCommand last = null;
        try {
            while (true) {
                ParsedCommand parsed = reader.next();
                if (parsed == null) {
                    boolean saidSo = last instanceof ParsedCommand.Bad bad && bad.message().equals(CommandReader.TOO_BIG_CLOSING);
                    assertEquals(true, saidSo, "end of stream without recovering, after " + last + " for " + context);
                    return;
                }
                if (parsed instanceof ParsedCommand.Command(String tag, ImapCommand.Noop noop) && tag.equals("zz")) return;
                checkSafe(parsed, context);
                if (parsed instanceof ParsedCommand.Command(String tag, ImapCommand.Append append)) {
                    appendAsSession(append, lines, reader, context);
                }
                last = parsed;
            }
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            fail("reader threw for input " + context, e);
        }
    }

    private static void appendAsSession(ImapCommand.Append append, LineReader lines, CommandReader reader, String context)
            throws IOException {
        ImapCommand.Append message = append;
        while (true) {
            if (message.synchronizing() && message.size() > MAX_APPEND_BYTES) return; // refused instead of continued
            if (!lines.readExactly(message.size(), new ByteArrayOutputStream()::write)) fail("append data ran out for " + context);
            AppendNext next = reader.nextAppendMessage(append.mailbox());
            if (next instanceof AppendNext.Bad bad) checkSafe(bad.bad(), context);
            if (!(next instanceof AppendNext.Message more)) return;
            message = more.message();
        }
    }

    private static void checkSafe(ParsedCommand parsed, String context) {
        if (parsed instanceof ParsedCommand.Bad(String tag, String message)) {
            assertEquals(true, message.length() <= CommandParser.MAX_MESSAGE_CHARS && printableAscii(message),
                    message + " for " + context);
            assertEquals(true, tag == null || (tag.length() <= CommandCursor.MAX_TAG_CHARS && printableAscii(tag)),
                    tag + " for " + context);
        }
    }

    private static boolean printableAscii(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c > 0x20 && c < 0x7f || c == ' ');
    }

    private static byte[] mutate(byte[] sample, Random random) {
        byte[] b = sample;
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            if (b.length == 0) return b;
            int at = random.nextInt(b.length);
            b = switch (random.nextInt(6)) {
                case 0 -> { // replace a byte
                    byte[] copy = b.clone();
                    copy[at] = randomByte(random);
                    yield copy;
                }
                case 1 -> insert(b, at, new byte[] {randomByte(random)});
                case 2 -> delete(b, at, 1 + random.nextInt(Math.min(8, b.length - at)));
                case 3 -> insert(b, at, Arrays.copyOfRange(b, at, Math.min(b.length, at + 1 + random.nextInt(16))));
                case 4 -> Arrays.copyOf(b, at); // truncate
                default -> insert(b, at, String.valueOf(random.nextInt(5000)).getBytes(StandardCharsets.US_ASCII));
            };
        }
        return b;
    }

    private static byte randomByte(Random random) {
        return random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
    }

    private static byte[] insert(byte[] b, int at, byte[] piece) {
        byte[] out = new byte[b.length + piece.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(b, at, out, at + piece.length, b.length - at);
        return out;
    }

    private static byte[] delete(byte[] b, int at, int count) {
        byte[] out = new byte[b.length - count];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + count, out, at, b.length - at - count);
        return out;
    }
}

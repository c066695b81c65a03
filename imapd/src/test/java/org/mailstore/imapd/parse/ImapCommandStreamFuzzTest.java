package org.mailstore.imapd.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ParsedCommand;
import org.mailstore.net.LineReader;

/**
 * The IMAP command reader and parser over arbitrary client bytes, literals and APPEND messages included, driven as
 * the session drives it. Properties: only {@link ParsedCommand} values come out (a bad command is a value, never an
 * exception); every BAD text is safe to echo (printable ASCII, at most {@link CommandParser#MAX_MESSAGE_CHARS});
 * a tag never holds a space or a control byte; a continuation is sent only for an announced synchronizing literal;
 * and the commands read do not depend on how the bytes were split into reads.
 */
class ImapCommandStreamFuzzTest {
    /** The smallest limits the record allows, so that the fuzzer reaches every limit with short inputs. */
    static final ParserLimits SMALL = new ParserLimits(1024, 512, 4096, 8, 64);
    /** Reads of at most this many bytes, in the split run. */
    static final int MAX_CHUNK = 7;

    @FuzzTest(maxDuration = "15s")
    void commandsAreValuesWhateverTheBytes(byte[] input) throws IOException {
        List<String> whole = readAll(new ByteArrayInputStream(input), input);
        List<String> split = readAll(trickle(input, input.length % MAX_CHUNK + 1), input);
        assertEquals(whole, split, "the commands depend on how the bytes arrived");
    }

    private static List<String> readAll(InputStream in, byte[] input) throws IOException {
        int announced = count(input, (byte) '{');
        int[] continuations = {0};
        LineReader lines = new LineReader(in, 64);
        CommandReader reader = new CommandReader(lines, text -> continuations[0]++, SMALL);
        List<String> seen = new ArrayList<>();
        for (ParsedCommand parsed = reader.next(); parsed != null; parsed = reader.next()) {
            assertTrue(seen.size() <= input.length, "more commands than input bytes");
            seen.add(check(parsed));
            if (parsed instanceof ParsedCommand.Command(String tag, ImapCommand.Append append)
                    && !readAppendMessages(reader, lines, append, seen)) {
                break;
            }
        }
        assertTrue(continuations[0] <= announced, continuations[0] + " continuations for " + announced + " literals");
        return seen;
    }

    /** Reads APPEND messages as the session does; false when the input ended inside one. */
    private static boolean readAppendMessages(CommandReader reader, LineReader lines, ImapCommand.Append first,
                                              List<String> seen) throws IOException {
        ImapCommand.Append append = first;
        while (true) {
            assertTrue(append.size() >= 0, "negative APPEND size");
            if (!lines.readExactly(append.size(), (b, off, len) -> {})) return false;
            AppendNext next = reader.nextAppendMessage(append.mailbox());
            assertNotNull(next);
            switch (next) {
                case AppendNext.Message(ImapCommand.Append more) -> {
                    seen.add("next " + more);
                    append = more;
                }
                case AppendNext.End end -> {
                    seen.add("end");
                    return true;
                }
                case AppendNext.Bad(ParsedCommand.Bad bad) -> {
                    seen.add(check(bad));
                    return true;
                }
            }
        }
    }

    private static String check(ParsedCommand parsed) {
        return switch (parsed) {
            case ParsedCommand.Bad(String tag, String message) -> {
                checkTag(tag);
                assertTrue(message.length() <= CommandParser.MAX_MESSAGE_CHARS, "BAD text of " + message.length());
                assertTrue(message.chars().allMatch(c -> c >= 0x20 && c < 0x7f), "unsafe BAD text: " + message);
                yield parsed.toString();
            }
            case ParsedCommand.Command(String tag, ImapCommand command) -> {
                assertNotNull(tag);
                checkTag(tag);
                assertNotNull(command);
                // The one command holding bytes: compare them by value, not by array identity.
                yield command instanceof ImapCommand.Authenticate(String mechanism, var response)
                        ? tag + " AUTHENTICATE " + mechanism + " " + response.map(Base64.getEncoder()::encodeToString)
                        : parsed.toString();
            }
        };
    }

    private static void checkTag(String tag) {
        if (tag == null) return;
        assertTrue(!tag.isEmpty() && tag.chars().allMatch(c -> c > 0x20 && c < 0x7f), "bad tag: " + tag);
    }

    private static int count(byte[] input, byte b) {
        int n = 0;
        for (byte x : input) if (x == b) n++;
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

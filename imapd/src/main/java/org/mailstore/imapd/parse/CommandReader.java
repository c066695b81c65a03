package org.mailstore.imapd.parse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ParsedCommand;
import org.mailstore.net.LineReader;

/**
 * Reads IMAP commands from a connection, one at a time, never holding more than {@link ParserLimits} allow.
 *
 * <p>A command is its first line plus, for each literal announced at a line's end, the literal and the next line.
 * The reader collects those pieces (sending the continuation for a synchronizing literal through
 * {@link Continuation}), then {@link CommandParser} turns them into a value. Bytes are judged before they are
 * read: a synchronizing literal over the limit is refused with {@code [TOOBIG]} instead of a continuation, so the
 * client abandons the command and the next line is a new one (RFC 9051 §7.5).
 *
 * <p>Non-synchronizing literals follow LITERAL+ (RFC 7888 §3): an argument may be as large as the parser's literal
 * limit, an APPEND message as large as the session allows (the reader does not judge its size; the session streams
 * it). Such a literal is on the wire already when we judge it. When a command with one is refused, a literal of at
 * most {@value #MAX_DISCARD_BYTES} bytes (LITERAL-'s limit) is read and discarded with the rest of the command, and
 * the next command parses. A larger one is answered {@code BAD [TOOBIG]} and then the reader reports end of stream
 * ({@link #next()} returns null), as Dovecot disconnects: reading megabytes only to throw them away would give a
 * client our time for free. The session sends the BAD and closes.
 *
 * <p>Caller's obligations: one thread; after {@link ImapCommand.Append} the session either reads the message
 * ({@code size} bytes from the same {@link LineReader}, after sending a continuation when {@code synchronizing})
 * and then calls {@link #nextAppendMessage}, or, for a synchronizing APPEND only, refuses it with a tagged response
 * instead of the continuation and calls {@link #next()}. A refused non-synchronizing APPEND must still have its
 * bytes read (and discarded) and {@link #nextAppendMessage} called, or the connection closed. The message size of an
 * APPEND is not checked here; the session compares it with its own message limit.
 */
public final class CommandReader {
    /** The session writes {@code "+ " + text + CRLF} and flushes. */
    @FunctionalInterface
    public interface Continuation {
        void ready(String text) throws IOException;
    }

    /**
     * The largest non-synchronizing literal of a refused command that is read and dropped to keep the connection
     * (LITERAL-'s limit, RFC 7888 §4); beyond it the connection closes.
     */
    public static final int MAX_DISCARD_BYTES = 4096;
    static final String CONTINUATION_TEXT = "Ready for literal data";
    static final String TOO_BIG = "[TOOBIG] literal too large";
    static final String TOO_BIG_CLOSING = "[TOOBIG] non-synchronizing literal too large, closing";
    private static final LineReader.ByteSink DISCARD = (b, off, len) -> {};

    private final LineReader in;
    private final Continuation continuation;
    private ParserLimits limits;
    /** The tag of the APPEND whose message the session is reading, for {@link #nextAppendMessage}. */
    private String appendTag;
    /** Set when the stream cannot be trusted to hold commands any more: {@link #next()} returns null. */
    private boolean closed;

    public CommandReader(LineReader in, Continuation continuation, ParserLimits limits) {
        this.in = in;
        this.continuation = continuation;
        this.limits = limits;
    }

    /** Switches limits between commands, e.g. larger ones after login (STYLE.md: smaller before). */
    public void limits(ParserLimits limits) {
        this.limits = limits;
    }

    /** The next command, or null at end of stream (also when the stream ended inside a command). */
    public ParsedCommand next() throws IOException {
        appendTag = null;
        if (closed) return null;
        List<byte[]> lines = new ArrayList<>(1);
        List<byte[]> literals = new ArrayList<>(0);
        String tag = null;
        long total = 0;
        while (true) {
            LineReader.Line line = in.readLine(limits.maxLineBytes());
            if (line == null) return null;
            // The tail of an overlong line is unknown, so a literal it may announce is not waited for.
            if (line.tooLong()) return CommandParser.bad(tag, "line too long");
            byte[] bytes = line.bytes();
            if (lines.isEmpty()) tag = CommandParser.tagOf(bytes);
            total += bytes.length;
            LiteralAnnouncement literal = LiteralAnnouncement.atEndOf(bytes);
            if (literal == null) {
                lines.add(bytes);
                return total > limits.maxCommandBytes()
                        ? CommandParser.bad(tag, "[TOOBIG] command too long")
                        : CommandParser.parse(new CommandText(lines, literals), limits);
            }
            lines.add(Arrays.copyOf(bytes, literal.start()));
            var check = CommandParser.checkAppend(new CommandText(lines, literals), literal.size(),
                    literal.synchronizing(), limits);
            if (check instanceof CommandParser.MessageLiteral(ParsedCommand parsed)) {
                return appendMessage(parsed, literal);
            }
            if (literal.binary()) return refuse(tag, "literal8 is not supported", literal);
            if (literal.size() > limits.maxLiteralBytes() || total + literal.size() > limits.maxCommandBytes()) {
                return refuse(tag, TOO_BIG, literal);
            }
            if (literal.synchronizing()) continuation.ready(CONTINUATION_TEXT);
            byte[] data = readLiteral((int) literal.size());
            if (data == null) return null;
            literals.add(data);
            total += data.length;
        }
    }

    /**
     * MULTIAPPEND (RFC 3502): after the session read one APPEND message, reads the rest of the line: its end (the
     * command is complete), the next message of the same command (read it like the first), or why it is bad. A
     * bad non-synchronizing announcement is dropped with the rest of its command, as any refused literal.
     */
    public AppendNext nextAppendMessage(String mailbox) throws IOException {
        String tag = appendTag;
        appendTag = null;
        LineReader.Line line = in.readLine(limits.maxLineBytes());
        if (line == null) {
            closed = true;
            return new AppendNext.Bad(CommandParser.bad(tag, "end of input after APPEND data"));
        }
        if (line.tooLong()) return new AppendNext.Bad(CommandParser.bad(tag, "line too long after APPEND data"));
        byte[] bytes = line.bytes();
        if (bytes.length == 0) return new AppendNext.End();
        LiteralAnnouncement literal = LiteralAnnouncement.atEndOf(bytes);
        if (literal == null) return new AppendNext.Bad(CommandParser.bad(tag, "unexpected characters after APPEND data"));
        CommandText prefix = new CommandText(List.of(Arrays.copyOf(bytes, literal.start())), List.of());
        ParsedCommand parsed = CommandParser.nextAppendMessage(tag, mailbox, prefix, literal.size(), literal.synchronizing(), limits);
        ParsedCommand next = appendMessage(parsed, literal);
        return switch (next) {
            case ParsedCommand.Bad bad -> new AppendNext.Bad(bad);
            case ParsedCommand.Command(String t, ImapCommand.Append append) -> new AppendNext.Message(append);
            case ParsedCommand.Command c -> throw new IllegalStateException("not an APPEND message: " + c);
        };
    }

    /** One line of a command's continuation (AUTHENTICATE responses, IDLE's DONE); null at end of stream. */
    public LineReader.Line readContinuationLine(int maxBytes) throws IOException {
        return in.readLine(maxBytes);
    }

    private ParsedCommand appendMessage(ParsedCommand parsed, LiteralAnnouncement literal) throws IOException {
        String tag = parsed instanceof ParsedCommand.Command command ? command.tag() : ((ParsedCommand.Bad) parsed).tag();
        if (parsed instanceof ParsedCommand.Bad bad) return refuse(tag, bad.message(), literal);
        // An APPEND message may be a literal8 (RFC 3516 §4.4): it is stored as sent either way.
        appendTag = tag;
        return parsed;
    }

    /**
     * Answers BAD to a command whose announced literal we will not take. A synchronizing literal is simply not
     * continued; a non-synchronizing one is already coming and is discarded with the rest of its command.
     */
    private ParsedCommand refuse(String tag, String message, LiteralAnnouncement literal) throws IOException {
        if (literal.synchronizing()) return CommandParser.bad(tag, message);
        if (literal.size() > MAX_DISCARD_BYTES) {
            closed = true;
            return CommandParser.bad(tag, TOO_BIG_CLOSING);
        }
        discardCommand(literal);
        return CommandParser.bad(tag, closed ? TOO_BIG_CLOSING : message);
    }

    /**
     * Skips a non-synchronizing literal and the rest of its command, bounded like a command: past
     * {@link #MAX_DISCARD_BYTES} in one literal or the command limit the reader closes instead.
     */
    private void discardCommand(LiteralAnnouncement first) throws IOException {
        LiteralAnnouncement literal = first;
        long total = 0;
        while (literal != null && !literal.synchronizing()) {
            total += literal.size();
            if (literal.size() > MAX_DISCARD_BYTES || total > limits.maxCommandBytes()
                    || !in.readExactly(literal.size(), DISCARD)) {
                closed = true;
                return;
            }
            LineReader.Line line = in.readLine(limits.maxLineBytes());
            if (line == null) {
                closed = true;
                return;
            }
            if (line.tooLong()) return;
            total += line.bytes().length;
            literal = LiteralAnnouncement.atEndOf(line.bytes());
        }
    }

    private byte[] readLiteral(int size) throws IOException {
        byte[] data = new byte[size];
        int[] filled = {0};
        boolean complete = in.readExactly(size, (b, off, len) -> {
            System.arraycopy(b, off, data, filled[0], len);
            filled[0] += len;
        });
        return complete ? data : null;
    }
}

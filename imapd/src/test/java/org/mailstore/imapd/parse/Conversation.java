package org.mailstore.imapd.parse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ParsedCommand;
import org.mailstore.net.LineReader;

/**
 * A client's bytes on one side of a real {@link CommandReader}, and a minimal session on the other: it records
 * continuation requests and, for APPEND, reads the message and calls finishAppend as the session will.
 */
final class Conversation {
    final List<String> continuations = new ArrayList<>();
    final LineReader lines;
    final CommandReader reader;

    Conversation(InputStream in, ParserLimits limits) {
        lines = new LineReader(in, 64);
        reader = new CommandReader(lines, continuations::add, limits);
    }

    static Conversation of(String client) {
        return of(client.getBytes(StandardCharsets.UTF_8));
    }

    static Conversation of(byte[] client) {
        return new Conversation(new ByteArrayInputStream(client), ParserLimits.defaults());
    }

    static ParsedCommand parse(String commandLine) {
        return of(commandLine + "\r\n").next();
    }

    static ImapCommand command(String commandLine) {
        ParsedCommand parsed = parse(commandLine);
        if (parsed instanceof ParsedCommand.Command(String tag, ImapCommand command)) return command;
        throw new AssertionError("not a command: " + parsed);
    }

    ParsedCommand next() {
        try {
            return reader.next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every result until end of stream, each described as text (records print byte arrays as identities, so
     * binary components are shown in hex), with APPEND's message and finishAppend's verdict after it.
     */
    List<String> drain() {
        List<String> out = new ArrayList<>();
        ParsedCommand parsed;
        while ((parsed = next()) != null) {
            out.add(describe(parsed));
            if (parsed instanceof ParsedCommand.Command(String tag, ImapCommand.Append append)) {
                out.add(appendData(append));
            }
        }
        return out;
    }

    /** The session's part of APPEND: continuation, message, rest of line. */
    String appendData(ImapCommand.Append append) {
        try {
            if (append.synchronizing()) continuations.add("(session) go ahead");
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            if (!lines.readExactly(append.size(), message::write)) return "message: end of stream";
            Optional<ParsedCommand.Bad> finish = reader.finishAppend();
            return "message: " + message.toString(StandardCharsets.ISO_8859_1) + finish.map(b -> " then " + b).orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String describe(ParsedCommand parsed) {
        if (parsed instanceof ParsedCommand.Command(String tag, ImapCommand.Authenticate auth)) {
            return "Command[tag=" + tag + ", Authenticate[" + auth.mechanism() + ", "
                    + auth.initialResponse().map(HexFormat.of()::formatHex).orElse("none") + "]]";
        }
        return parsed.toString();
    }
}

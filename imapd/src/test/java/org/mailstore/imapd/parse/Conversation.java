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
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ParsedCommand;
import org.mailstore.net.LineReader;

/**
 * A client's bytes on one side of a real {@link CommandReader}, and a minimal session on the other: it records
 * continuation requests and, for APPEND, reads each message and calls nextAppendMessage as the session will.
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
     * binary components are shown in hex), with APPEND's messages and what followed each.
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

    /**
     * The session's part of APPEND: for each message a continuation, the message and the rest of the line, which
     * may announce the next message (MULTIAPPEND), end the command or be bad.
     */
    String appendData(ImapCommand.Append first) {
        try {
            StringBuilder out = new StringBuilder();
            ImapCommand.Append append = first;
            while (true) {
                if (append.synchronizing()) continuations.add("(session) go ahead");
                ByteArrayOutputStream message = new ByteArrayOutputStream();
                if (!lines.readExactly(append.size(), message::write)) return out + "message: end of stream";
                out.append("message: ").append(message.toString(StandardCharsets.ISO_8859_1));
                switch (reader.nextAppendMessage(first.mailbox())) {
                    case AppendNext.End end -> {
                        return out.toString();
                    }
                    case AppendNext.Bad bad -> {
                        return out + " then " + bad.bad();
                    }
                    case AppendNext.Message next -> {
                        append = next.message();
                        out.append(" then ").append(append).append(", ");
                    }
                }
            }
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

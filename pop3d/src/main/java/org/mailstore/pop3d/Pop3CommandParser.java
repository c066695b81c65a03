package org.mailstore.pop3d;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalInt;
import org.mailstore.net.EchoText;

/**
 * Turns one command line (without its CRLF; the session's {@code LineReader} finds the line and
 * enforces its length limit) into a {@link Pop3Command} or a {@link Malformed} with the text of
 * the {@code -ERR} answer. No I/O, no storage, no state: malformed input comes back as a value,
 * never as an exception.
 *
 * <p>Syntax follows RFC 1939 §3 with Dovecot's reading of it: the keyword ends at the first space;
 * extra spaces before an argument are skipped; PASS takes the rest of the line verbatim (so a
 * password may contain spaces); message numbers are decimal digits and nothing else after them.
 * Text echoed back from the client is made safe by {@link EchoText}.
 */
public final class Pop3CommandParser {
    /** RFC 2449's largest keyword is four characters; anything longer is echoed only this far. */
    static final int MAX_ECHOED_KEYWORD = 10;
    /** RFC 1939 §3: arguments are up to 40 characters. */
    static final int MAX_ECHOED_CHARS = 40;

    public sealed interface Result permits Parsed, Malformed {}

    public record Parsed(Pop3Command command) implements Result {}

    /** {@code text} is the answer after "-ERR ", safe to send. */
    public record Malformed(String text) implements Result {}

    /** A client line inside an AUTH exchange (RFC 5034 §4). */
    public sealed interface AuthResponse permits AuthData, AuthCancel, AuthMalformed {}

    public record AuthData(byte[] data) implements AuthResponse {}

    public record AuthCancel() implements AuthResponse {}

    public record AuthMalformed(String text) implements AuthResponse {}

    private Pop3CommandParser() {}

    public static Result parse(byte[] line) {
        String s = new String(line, StandardCharsets.UTF_8);
        int space = s.indexOf(' ');
        String keyword = space < 0 ? s : s.substring(0, space);
        String rawArgs = space < 0 ? "" : s.substring(space + 1);
        Pop3Verb verb = Pop3Verb.of(keyword);
        if (verb == null) return new Malformed("Unknown command: " + EchoText.of(keyword, MAX_ECHOED_KEYWORD));
        String args = skipSpaces(rawArgs);
        return switch (verb) {
            case CAPA -> parsed(new Pop3Command.Capa());
            case QUIT -> parsed(new Pop3Command.Quit());
            case STAT -> parsed(new Pop3Command.Stat());
            case NOOP -> parsed(new Pop3Command.Noop());
            case STLS -> parsed(new Pop3Command.Stls());
            case RSET -> parsed(new Pop3Command.Rset());
            case USER -> args.isEmpty() ? new Malformed("No username given.") : parsed(new Pop3Command.User(args));
            case PASS -> parsed(new Pop3Command.Pass(rawArgs));
            case AUTH -> auth(args);
            case LIST -> optionalMessage(args, n -> new Pop3Command.List(n));
            case UIDL -> optionalMessage(args, n -> new Pop3Command.Uidl(n));
            case RETR -> message(args, n -> new Pop3Command.Retr(n));
            case DELE -> message(args, n -> new Pop3Command.Dele(n));
            case TOP -> top(args);
        };
    }

    /** RFC 5034 §4: "*" cancels; anything else must be BASE64 (an empty line is an empty response). */
    public static AuthResponse parseAuthResponse(byte[] line) {
        if (line.length == 1 && line[0] == '*') return new AuthCancel();
        byte[] data = base64(line);
        return data == null ? new AuthMalformed("Invalid base64 data in continued response.") : new AuthData(data);
    }

    private static Result auth(String args) {
        if (args.isEmpty()) return parsed(new Pop3Command.Auth(null, null));
        int space = args.indexOf(' ');
        if (space < 0) return parsed(new Pop3Command.Auth(args, null));
        String mechanism = args.substring(0, space);
        String initial = skipSpaces(args.substring(space + 1));
        if (initial.isEmpty()) return parsed(new Pop3Command.Auth(mechanism, null));
        if (initial.equals("=")) return parsed(new Pop3Command.Auth(mechanism, new byte[0]));
        byte[] data = base64(initial.getBytes(StandardCharsets.US_ASCII));
        return data == null ? new Malformed("Invalid base64 data in initial response.") : parsed(new Pop3Command.Auth(mechanism, data));
    }

    private interface MessageCommand {
        Pop3Command of(int message);
    }

    private interface OptionalMessageCommand {
        Pop3Command of(OptionalInt message);
    }

    private static Result optionalMessage(String args, OptionalMessageCommand make) {
        if (args.isEmpty()) return parsed(make.of(OptionalInt.empty()));
        return message(args, n -> make.of(OptionalInt.of(n)));
    }

    private static Result message(String args, MessageCommand make) {
        int end = digits(args);
        if (end == 0) return new Malformed("Invalid message number: " + EchoText.of(args, MAX_ECHOED_CHARS));
        if (end < args.length()) return new Malformed("Noise after message number: " + EchoText.of(args.substring(end), MAX_ECHOED_CHARS));
        long n = number(args);
        if (n < 0 || n > Integer.MAX_VALUE) return new Malformed("Message number too large: " + EchoText.of(args, MAX_ECHOED_CHARS));
        return parsed(make.of((int) n));
    }

    private static Result top(String args) {
        int end = digits(args);
        if (end == 0) return new Malformed("Invalid message number: " + EchoText.of(args, MAX_ECHOED_CHARS));
        if (end == args.length() || args.charAt(end) != ' ') {
            return new Malformed("Noise after message number: " + EchoText.of(args.substring(end), MAX_ECHOED_CHARS));
        }
        long n = number(args.substring(0, end));
        if (n < 0 || n > Integer.MAX_VALUE) return new Malformed("Message number too large: " + EchoText.of(args.substring(0, end), MAX_ECHOED_CHARS));
        String rest = skipSpaces(args.substring(end + 1));
        int linesEnd = digits(rest);
        if (linesEnd == 0) return new Malformed("Invalid size: " + EchoText.of(rest, MAX_ECHOED_CHARS));
        if (linesEnd < rest.length()) return new Malformed("Noise after size: " + EchoText.of(rest.substring(linesEnd), MAX_ECHOED_CHARS));
        long lines = number(rest);
        if (lines < 0) return new Malformed("Size too large: " + EchoText.of(rest, MAX_ECHOED_CHARS));
        return parsed(new Pop3Command.Top((int) n, lines));
    }

    private static Result parsed(Pop3Command c) {
        return new Parsed(c);
    }

    private static String skipSpaces(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') i++;
        return s.substring(i);
    }

    /** Length of the run of ASCII digits at the start of {@code s}. */
    private static int digits(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        return i;
    }

    /** The value of an all-digit string, or -1 when it does not fit in a long. */
    private static long number(String digits) {
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(i) - '0';
            if (v > (Long.MAX_VALUE - d) / 10) return -1;
            v = v * 10 + d;
        }
        return v;
    }

    private static byte[] base64(byte[] text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

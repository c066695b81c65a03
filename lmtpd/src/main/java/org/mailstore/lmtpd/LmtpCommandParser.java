package org.mailstore.lmtpd;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.mailstore.lmtpd.LmtpCommand.Body;

/**
 * Turns one command line (without its line end; framing and the line limit are {@code LineReader}'s
 * job) into an {@link LmtpCommand} or a {@link Malformed} reply. No I/O, no state, no storage: the
 * same bytes always give the same result, and no input makes it throw.
 *
 * <p>Only printable ASCII is accepted: a NUL, another control byte or an 8-bit byte anywhere in a
 * command refuses the line, so nothing the client sends can reach a reply or header unchecked.
 */
public final class LmtpCommandParser {
    /** 18 digits always fit a long; larger SIZE or BDAT counts are refused as syntax errors. */
    static final int MAX_COUNT_DIGITS = 18;
    static final int MAX_DOMAIN = 255;

    private static final Pattern DOMAIN_OR_LITERAL = Pattern.compile("[A-Za-z0-9_.-]+|\\[[A-Za-z0-9.:-]+]");
    private static final Pattern COUNT = Pattern.compile("[0-9]{1," + MAX_COUNT_DIGITS + "}");
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");
    private static final Pattern VALUE = Pattern.compile("[\\x21-\\x3c\\x3e-\\x7e]+");

    private LmtpCommandParser() {}

    public static ParseResult parse(byte[] line) {
        for (byte b : line) {
            if (b < 0x20 || b > 0x7e) return new Malformed(LmtpReplies.INVALID_CHARACTERS);
        }
        String s = new String(line, StandardCharsets.US_ASCII).stripTrailing();
        int sp = s.indexOf(' ');
        String verb = (sp < 0 ? s : s.substring(0, sp)).toUpperCase(Locale.ROOT);
        String args = sp < 0 ? "" : s.substring(sp + 1);
        return switch (verb) {
            case "" -> new Malformed(LmtpReplies.EMPTY_COMMAND);
            case "LHLO" -> lhlo(args.strip());
            case "MAIL" -> mail(args);
            case "RCPT" -> rcpt(args);
            case "DATA" -> noArguments(args, new LmtpCommand.Data());
            case "BDAT" -> bdat(args);
            case "RSET" -> noArguments(args, new LmtpCommand.Rset());
            case "NOOP" -> new LmtpCommand.Noop(); // RFC 5321 §4.1.1.9: a string argument is allowed and ignored
            case "QUIT" -> noArguments(args, new LmtpCommand.Quit());
            case "STARTTLS" -> noArguments(args, new LmtpCommand.StartTls());
            case "VRFY" -> args.isBlank() ? new Malformed(LmtpReplies.VRFY_SYNTAX) : new LmtpCommand.Vrfy(args.strip());
            case "HELO", "EHLO" -> new Malformed(LmtpReplies.USE_LHLO);
            default -> new Malformed(LmtpReplies.UNKNOWN_COMMAND);
        };
    }

    private static ParseResult noArguments(String args, LmtpCommand c) {
        return args.isBlank() ? c : new Malformed(LmtpReplies.NO_ARGUMENTS);
    }

    private static ParseResult lhlo(String domain) {
        if (domain.length() > MAX_DOMAIN || !DOMAIN_OR_LITERAL.matcher(domain).matches()) return new Malformed(LmtpReplies.LHLO_SYNTAX);
        return new LmtpCommand.Lhlo(domain);
    }

    private static ParseResult mail(String args) {
        int at = prefix(args, "FROM:");
        if (at < 0) return new Malformed(LmtpReplies.MAIL_SYNTAX);
        PathParser.Path path = PathParser.parse(args, at, true);
        if (path == null) return new Malformed(LmtpReplies.BAD_SENDER);
        OptionalLong size = OptionalLong.empty();
        Body body = Body.SEVEN_BIT;
        Set<String> seen = new HashSet<>();
        for (String p : parameters(args, path.end())) {
            if (p == null) return new Malformed(LmtpReplies.MAIL_SYNTAX);
            int eq = p.indexOf('=');
            String key = (eq < 0 ? p : p.substring(0, eq)).toUpperCase(Locale.ROOT);
            String value = eq < 0 ? null : p.substring(eq + 1);
            if (!KEYWORD.matcher(key).matches() || value != null && !VALUE.matcher(value).matches()) {
                return new Malformed(LmtpReplies.BAD_PARAMETER);
            }
            if (!seen.add(key)) return new Malformed(LmtpReplies.DUPLICATE_PARAMETER);
            switch (key) {
                case "SIZE" -> {
                    if (value == null || !COUNT.matcher(value).matches()) return new Malformed(LmtpReplies.BAD_PARAMETER);
                    size = OptionalLong.of(Long.parseLong(value));
                }
                case "BODY" -> {
                    String v = value == null ? "" : value.toUpperCase(Locale.ROOT);
                    switch (v) {
                        case "7BIT" -> body = Body.SEVEN_BIT;
                        case "8BITMIME" -> body = Body.EIGHT_BIT_MIME;
                        default -> { return new Malformed(LmtpReplies.UNSUPPORTED_PARAMETER); }
                    }
                }
                default -> { return new Malformed(LmtpReplies.UNSUPPORTED_PARAMETER); }
            }
        }
        return new LmtpCommand.MailFrom(path.mailbox(), size, body);
    }

    private static ParseResult rcpt(String args) {
        int at = prefix(args, "TO:");
        if (at < 0) return new Malformed(LmtpReplies.RCPT_SYNTAX);
        PathParser.Path path = PathParser.parse(args, at, false);
        if (path == null) return new Malformed(LmtpReplies.BAD_RECIPIENT);
        for (String p : parameters(args, path.end())) {
            return new Malformed(p == null ? LmtpReplies.RCPT_SYNTAX : LmtpReplies.UNSUPPORTED_PARAMETER);
        }
        return new LmtpCommand.RcptTo(path.mailbox());
    }

    private static ParseResult bdat(String args) {
        String[] parts = args.strip().split(" +");
        if (parts.length < 1 || parts.length > 2 || !COUNT.matcher(parts[0]).matches()) return new Malformed(LmtpReplies.BDAT_SYNTAX);
        if (parts.length == 2 && !parts[1].equalsIgnoreCase("LAST")) return new Malformed(LmtpReplies.BDAT_SYNTAX);
        return new LmtpCommand.Bdat(Long.parseLong(parts[0]), parts.length == 2);
    }

    /** Index after {@code keyword} and any spaces (Postfix and others send {@code FROM: <a>}), or -1. */
    private static int prefix(String args, String keyword) {
        if (!args.regionMatches(true, 0, keyword, 0, keyword.length())) return -1;
        int i = keyword.length();
        while (i < args.length() && args.charAt(i) == ' ') i++;
        return i;
    }

    /** The space-separated parameters after a path; a null element marks text glued to the path. */
    private static List<String> parameters(String args, int from) {
        String rest = args.substring(from);
        if (rest.isEmpty()) return List.of();
        if (rest.charAt(0) != ' ') return Collections.singletonList(null);
        String trimmed = rest.strip();
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split(" +"));
    }
}

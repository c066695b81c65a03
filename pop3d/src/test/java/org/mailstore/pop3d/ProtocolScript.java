package org.mailstore.pop3d;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A protocol script (James MPT style): plain text, one step a line.
 * <pre>
 * # comment                    ignored, as are blank lines
 * SET: name=value              a Pop3Settings change, before the first exchange (durations in ms)
 * SESSION: n                   later lines talk on connection n (opened on first use; default 1)
 * C: text                      send text + CRLF; ${user} is the script's account, and \r, \xNN, \\ are escapes
 * S: regex                     the next server line (without CRLF) must match the whole regex
 * CLOSED                       the server has closed this connection
 * DROP                         the client closes this connection without QUIT
 * INBOX: n                     the account's INBOX holds n messages (read through the store API)
 * </pre>
 */
record ProtocolScript(String name, Pop3Settings settings, List<Step> steps) {
    sealed interface Step permits Session, Send, Expect, Closed, Drop, Inbox {}

    record Session(int number) implements Step {}

    record Send(byte[] line) implements Step {}

    record Expect(Pattern line, int lineNumber) implements Step {}

    record Closed(int lineNumber) implements Step {}

    record Drop() implements Step {}

    record Inbox(int messages, int lineNumber) implements Step {}

    static ProtocolScript load(Path file, Pop3Settings base, String user) throws IOException {
        Pop3Settings settings = base;
        List<Step> steps = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int n = i + 1;
            if (l.isBlank() || l.startsWith("#")) continue;
            if (l.startsWith("SET: ")) settings = set(settings, l.substring(5).trim(), n);
            else if (l.startsWith("SESSION: ")) steps.add(new Session(Integer.parseInt(l.substring(9).trim())));
            else if (l.startsWith("C: ") || l.equals("C:")) steps.add(new Send(unescape(l.substring(Math.min(3, l.length())).replace("${user}", user))));
            else if (l.startsWith("S: ")) steps.add(new Expect(Pattern.compile(l.substring(3).replace("${user}", Pattern.quote(user))), n));
            else if (l.equals("CLOSED")) steps.add(new Closed(n));
            else if (l.equals("DROP")) steps.add(new Drop());
            else if (l.startsWith("INBOX: ")) steps.add(new Inbox(Integer.parseInt(l.substring(7).trim()), n));
            else throw new IllegalArgumentException(file.getFileName() + ":" + n + ": unknown step: " + l);
        }
        return new ProtocolScript(file.getFileName().toString(), settings, steps);
    }

    private static Pop3Settings set(Pop3Settings s, String assignment, int line) {
        String[] kv = assignment.split("=", 2);
        int v = Integer.parseInt(kv[1].trim());
        return switch (kv[0].trim()) {
            case "maxLineBytes" -> s.withMaxLineBytes(v);
            case "maxCommands" -> s.withMaxCommands(v);
            case "maxBadCommands" -> s.withMaxBadCommands(v);
            case "maxAuthFailures" -> s.withMaxAuthFailures(v);
            case "maxConnections" -> s.withMaxConnections(v);
            case "idleTimeout" -> s.withIdleTimeout(Duration.ofMillis(v));
            case "authFailureDelay" -> s.withAuthFailureDelay(Duration.ofMillis(v));
            case "maxConnectionsPerAddress" -> s.withMaxConnectionsPerAddress(v);
            default -> throw new IllegalArgumentException("line " + line + ": unknown setting " + kv[0]);
        };
    }

    private static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] != '\\' || i + 1 == b.length) {
                out.write(b[i]);
                continue;
            }
            char c = (char) b[++i];
            switch (c) {
                case 'r' -> out.write('\r');
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(Integer.parseInt(new String(b, i + 1, 2, StandardCharsets.US_ASCII), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + c + " in " + s);
            }
        }
        return out.toByteArray();
    }
}

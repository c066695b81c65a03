package org.mailstore.imapd;

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
 * SET: name=value              an ImapSettings change, before the first exchange (durations in ms)
 * SESSION: n                   later lines talk on connection n (opened on first use; default 1)
 * C: text                      send text + CRLF; ${user} is the script's account; \r, \xNN and \\ are escapes
 * S: regex                     the next server line (without CRLF) must match the whole regex
 * CLOSED                       the server has closed this connection
 * DROP                         the client closes this connection
 * DELIVER: subject             deliver a new message with this subject to the account's INBOX (as LMTP would)
 * SLEEP: ms                    wait, for changes that travel through LISTEN/NOTIFY
 * </pre>
 */
record ProtocolScript(String name, ImapSettings settings, List<Step> steps) {
    sealed interface Step permits Session, Send, Expect, Closed, Drop, Deliver, Sleep {}

    record Session(int number) implements Step {}

    record Send(byte[] line) implements Step {}

    record Expect(Pattern line, int lineNumber) implements Step {}

    record Closed(int lineNumber) implements Step {}

    record Drop() implements Step {}

    record Deliver(String subject) implements Step {}

    record Sleep(long millis) implements Step {}

    static ProtocolScript load(Path file, ImapSettings base, String user) throws IOException {
        ImapSettings settings = base;
        List<Step> steps = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int n = i + 1;
            if (l.isBlank() || l.startsWith("#")) continue;
            if (l.startsWith("SET: ")) settings = set(settings, l.substring(5).trim(), n);
            else if (l.startsWith("SESSION: ")) steps.add(new Session(Integer.parseInt(l.substring(9).trim())));
            else if (l.startsWith("C: ") || l.equals("C:")) steps.add(new Send(unescape(l.substring(Math.min(3, l.length())).replace("${user}", user))));
            else if (l.startsWith("S: ") || l.equals("S:")) steps.add(new Expect(Pattern.compile(l.substring(Math.min(3, l.length())).replace("${user}", Pattern.quote(user))), n));
            else if (l.equals("CLOSED")) steps.add(new Closed(n));
            else if (l.equals("DROP")) steps.add(new Drop());
            else if (l.startsWith("DELIVER: ")) steps.add(new Deliver(l.substring(9).trim()));
            else if (l.startsWith("SLEEP: ")) steps.add(new Sleep(Long.parseLong(l.substring(7).trim())));
            else throw new IllegalArgumentException(file.getFileName() + ":" + n + ": unknown step: " + l);
        }
        return new ProtocolScript(file.getFileName().toString(), settings, steps);
    }

    private static ImapSettings set(ImapSettings s, String assignment, int line) {
        String[] kv = assignment.split("=", 2);
        long v = Long.parseLong(kv[1].trim());
        return switch (kv[0].trim()) {
            case "maxConnections" -> s.withMaxConnections((int) v);
            case "loginTimeout" -> s.withLoginTimeout(Duration.ofMillis(v));
            case "autologout" -> s.withAutologout(Duration.ofMillis(v));
            case "maxBadCommands" -> s.withMaxBadCommands((int) v);
            case "maxAuthFailures" -> s.withMaxAuthFailures((int) v);
            case "authFailureDelay" -> s.withAuthFailureDelay(Duration.ofMillis(v));
            case "maxAppendBytes" -> s.withMaxAppendBytes(v);
            case "maxConnectionsPerAddress" -> s.withMaxConnectionsPerAddress((int) v);
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
            char c = (char) b[i + 1];
            switch (c) {
                case 'r' -> {
                    out.write('\r');
                    i++;
                }
                case 'x' -> {
                    out.write(Integer.parseInt(new String(b, i + 2, 2, StandardCharsets.US_ASCII), 16));
                    i += 3;
                }
                case '\\' -> {
                    out.write('\\');
                    i++;
                }
                // IMAP itself uses backslashes (\Seen, quoted-string escapes): anything else is sent as written.
                default -> out.write('\\');
            }
        }
        return out.toByteArray();
    }
}

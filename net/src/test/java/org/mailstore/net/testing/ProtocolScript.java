package org.mailstore.net.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * A protocol script (James MPT style) and its runner, shared by the POP3 and IMAP tests: plain text, one step a line.
 * <pre>
 * # comment                    ignored, as are blank lines
 * SET: name=value              a settings change of the protocol, before the first exchange (durations in ms)
 * SESSION: n                   later lines talk on connection n (opened on first use; default 1)
 * C: text                      send text + CRLF; ${user} is the script's account; \r, \xNN and \\ are escapes
 * S: regex                     the next server line (without CRLF) must match the whole regex
 * CLOSED                       the server has closed this connection
 * DROP                         the client closes this connection
 * </pre>
 * A protocol adds steps of its own through its {@link Dialect} (POP3's {@code INBOX: n}, IMAP's {@code DELIVER:}).
 * A backslash before anything but {@code r}, {@code x} or another backslash is sent as written, since IMAP itself
 * uses backslashes ({@code \Seen}, quoted-string escapes).
 */
public record ProtocolScript<S>(String name, S settings, List<ProtocolScript.Step> steps) {
    /** Found scripts fewer than this mean the resource folder was not found whole. */
    public static final int MIN_SCRIPTS = 10;

    /** A step; protocols define their own besides these. */
    public interface Step {}

    public record Session(int number) implements Step {}

    public record Send(byte[] line) implements Step {}

    public record Expect(Pattern line, int lineNumber) implements Step {}

    public record Closed(int lineNumber) implements Step {}

    public record Drop() implements Step {}

    /** What differs between protocols: their settings and their own steps. */
    public interface Dialect<S> {
        /** {@code settings} with {@code name} set; an IllegalArgumentException names an unknown setting. */
        S set(S settings, String name, long value);

        /** The protocol's own step written on {@code line}, or null when the line is none of its steps. */
        Step step(String line, int lineNumber);
    }

    /** Carries out the protocol's own steps. */
    @FunctionalInterface
    public interface OwnSteps {
        void run(Step step) throws Exception;
    }

    /** Runs one script file. */
    @FunctionalInterface
    public interface FileRunner {
        void run(Path file) throws Exception;
    }

    /**
     * One dynamic test per {@code *.test} file in the {@code /scripts} resource folder of {@code anchor}'s module,
     * in name order, each run by {@code runner}.
     */
    public static Stream<DynamicTest> tests(Class<?> anchor, FileRunner runner) throws IOException, URISyntaxException {
        Path dir = Paths.get(anchor.getResource("/scripts").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        assertTrue(files.size() >= MIN_SCRIPTS, "scripts found: " + files);
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> runner.run(p)));
    }

    public static <S> ProtocolScript<S> load(Path file, S base, String user, Dialect<S> dialect) throws IOException {
        S settings = base;
        List<Step> steps = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            int n = i + 1;
            if (l.isBlank() || l.startsWith("#")) continue;
            if (l.startsWith("SET: ")) settings = set(dialect, settings, l.substring(5).trim(), file, n);
            else if (l.startsWith("SESSION: ")) steps.add(new Session(Integer.parseInt(l.substring(9).trim())));
            else if (l.startsWith("C: ") || l.equals("C:")) steps.add(new Send(unescape(l.substring(Math.min(3, l.length())).replace("${user}", user))));
            else if (l.startsWith("S: ") || l.equals("S:")) steps.add(new Expect(Pattern.compile(l.substring(Math.min(3, l.length())).replace("${user}", Pattern.quote(user))), n));
            else if (l.equals("CLOSED")) steps.add(new Closed(n));
            else if (l.equals("DROP")) steps.add(new Drop());
            else {
                Step own = dialect.step(l, n);
                if (own == null) throw new IllegalArgumentException(file.getFileName() + ":" + n + ": unknown step: " + l);
                steps.add(own);
            }
        }
        return new ProtocolScript<>(file.getFileName().toString(), settings, steps);
    }

    /** Plays the script against the server at {@code server}, handing the protocol's own steps to {@code own}. */
    public void run(InetSocketAddress server, OwnSteps own) throws Exception {
        Map<Integer, ScriptConnection> sessions = new HashMap<>();
        try {
            ScriptConnection current = null;
            for (Step step : steps) {
                if (step instanceof Session s) {
                    current = sessions.computeIfAbsent(s.number(), n -> ScriptConnection.open(server));
                    continue;
                }
                if (current == null) current = sessions.computeIfAbsent(1, n -> ScriptConnection.open(server));
                switch (step) {
                    case Send send -> current.send(send.line());
                    case Expect e -> {
                        String line = current.readLine(name, e.lineNumber());
                        if (!e.line().matcher(line).matches()) {
                            fail(name + ":" + e.lineNumber() + ": expected /" + e.line() + "/ but the server sent: " + line);
                        }
                    }
                    case Closed c -> current.expectClosed(name, c.lineNumber());
                    case Drop d -> current.drop();
                    default -> own.run(step);
                }
            }
        } finally {
            for (ScriptConnection c : sessions.values()) c.drop();
        }
    }

    private static <S> S set(Dialect<S> dialect, S settings, String assignment, Path file, int line) {
        String[] kv = assignment.split("=", 2);
        try {
            return dialect.set(settings, kv[0].trim(), Long.parseLong(kv[1].trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file.getFileName() + ":" + line + ": " + e.getMessage(), e);
        }
    }

    private static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] != '\\' || i + 1 == b.length) {
                out.write(b[i]);
                continue;
            }
            switch ((char) b[i + 1]) {
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
                default -> out.write('\\');
            }
        }
        return out.toByteArray();
    }
}

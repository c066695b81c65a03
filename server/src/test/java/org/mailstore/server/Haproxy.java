package org.mailstore.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's HAProxy as a child process, configured from {@code packaging/haproxy/mailstore.cfg} (the file
 * docs/operations.md quotes) with its {@code @TOKEN@}s filled in, and asked for its servers' states on the
 * stats socket that file declares.
 */
final class Haproxy implements AutoCloseable {
    static final Path EXECUTABLE = Path.of("/usr/sbin/haproxy");
    /** The template, from the server module's directory (Maven's working directory for tests). */
    static final Path TEMPLATE = Path.of("..", "packaging", "haproxy", "mailstore.cfg");
    private static final Pattern TOKEN = Pattern.compile("@([A-Z0-9_]+)@");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int STAT_PROXY = 0;
    private static final int STAT_SERVER = 1;
    private static final int STAT_TOTAL_SESSIONS = 7;
    private static final int STAT_STATUS = 17;

    private final Process process;
    private final Path socket;
    private final Path log;

    private Haproxy(Process process, Path socket, Path log) {
        this.process = process;
        this.socket = socket;
        this.log = log;
    }

    static boolean installed() {
        return Files.isExecutable(EXECUTABLE);
    }

    /** The template with every token replaced; a token without a value is an error, not a silent blank. */
    static String render(String template, Map<String, String> values) {
        Matcher m = TOKEN.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) throw new IllegalArgumentException("no value for @" + m.group(1) + "@");
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        return m.appendTail(out).toString();
    }

    /** Checks the rendered configuration with {@code haproxy -c}, starts it in the foreground, waits for its socket. */
    static Haproxy start(Path dir, Map<String, String> tokens) throws IOException, InterruptedException {
        Path socket = dir.resolve("haproxy.sock");
        Map<String, String> values = new HashMap<>(tokens);
        values.put("STATS_SOCKET", socket.toString());
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, render(Files.readString(TEMPLATE), values));
        Path log = dir.resolve("haproxy.log");
        Process check = new ProcessBuilder(EXECUTABLE.toString(), "-c", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (check.waitFor() != 0) throw new AssertionError("haproxy -c refused the configuration:\n" + Files.readString(log));
        Process p = new ProcessBuilder(EXECUTABLE.toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Haproxy h = new Haproxy(p, socket, log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(socket)) {
            if (!p.isAlive()) throw new AssertionError("haproxy exited with " + p.exitValue() + ":\n" + Files.readString(log));
            if (System.nanoTime() > deadline) throw new AssertionError("haproxy did not open its stats socket:\n" + Files.readString(log));
            Thread.sleep(50);
        }
        return h;
    }

    /** A server line of {@code show stat}. */
    record ServerStat(String backend, String server, String status, long totalSessions) {}

    List<ServerStat> servers() throws IOException {
        List<ServerStat> out = new ArrayList<>();
        for (String line : ask("show stat").split("\n")) {
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] f = line.split(",", -1);
            if (f[STAT_SERVER].equals("FRONTEND") || f[STAT_SERVER].equals("BACKEND")) continue;
            out.add(new ServerStat(f[STAT_PROXY], f[STAT_SERVER], f[STAT_STATUS], Long.parseLong(f[STAT_TOTAL_SESSIONS])));
        }
        return out;
    }

    Optional<ServerStat> server(String backend, String server) throws IOException {
        return servers().stream().filter(s -> s.backend().equals(backend) && s.server().equals(server)).findFirst();
    }

    /** Waits until HAProxy reports {@code status} (its first word: UP, DOWN) for the server in every backend. */
    void awaitStatus(String server, String status, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<ServerStat> all = servers().stream().filter(s -> s.server().equals(server)).toList();
            if (!all.isEmpty() && all.stream().allMatch(s -> s.status().split(" ")[0].equals(status))) return;
            if (System.nanoTime() > deadline) throw new AssertionError(server + " not " + status + " within " + within + ": " + all);
            Thread.sleep(100);
        }
    }

    private String ask(String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            return new String(readAll(ch), StandardCharsets.US_ASCII);
        }
    }

    private static byte[] readAll(SocketChannel ch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        while (ch.read(buf) >= 0) {
            out.write(buf.array(), 0, buf.position());
            buf.clear();
        }
        return out.toByteArray();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) process.destroyForcibly();
    }
}

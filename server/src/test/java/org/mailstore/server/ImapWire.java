package org.mailstore.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bare IMAP connection for end-to-end tests that need exact lines and timing (IDLE): sends tagged commands and
 * returns the response lines, with any literal inlined ({@code {n}} followed by its bytes, read as UTF-8).
 */
final class ImapWire implements AutoCloseable {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?}$");

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int tags;

    ImapWire(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Connects, reads the greeting and logs in; fails unless both succeed. */
    static ImapWire login(int port, String user, String password) throws IOException {
        ImapWire w = new ImapWire(port);
        String greeting = w.readLine();
        if (!greeting.startsWith("* OK")) throw new AssertionError("greeting: " + greeting);
        w.ok("LOGIN " + user + " " + password);
        return w;
    }

    /** Sends a tagged command and returns every line up to and including the tagged one. */
    List<String> command(String command) throws IOException {
        String tag = "a" + (++tags);
        send(tag + " " + command);
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            lines.add(line);
            if (line.startsWith(tag + " ")) return lines;
        }
    }

    /** {@link #command} that must end in a tagged OK; returns the untagged lines. */
    List<String> ok(String command) throws IOException {
        List<String> lines = command(command);
        String last = lines.getLast();
        if (!last.matches("a\\d+ OK.*")) throw new AssertionError(command + " -> " + lines);
        return lines.subList(0, lines.size() - 1);
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One response line, literals inlined; throws {@link SocketTimeoutException} after {@code timeout}. */
    String readLine(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            return readLine();
        } finally {
            socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
        }
    }

    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            String part = rawLine();
            line.append(part);
            Matcher m = LITERAL.matcher(part);
            if (!m.find()) return line.toString();
            byte[] literal = in.readNBytes(Integer.parseInt(m.group(1)));
            line.append("\r\n").append(new String(literal, StandardCharsets.UTF_8));
        }
    }

    private String rawLine() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) throw new IOException("connection closed after: " + buffer.toString(StandardCharsets.UTF_8));
            buffer.write(b);
        }
        byte[] bytes = buffer.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

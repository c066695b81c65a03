package org.mailstore.server.torture;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A bare IMAP connection for the torture: tagged commands, responses with their literals kept as bytes. */
final class ImapClient implements AutoCloseable {
    /** One response: its text (a literal shows as {@code {n}}) and the literals' bytes in order. */
    record Response(String text, List<byte[]> literals) {}

    static final int TIMEOUT_MILLIS = 120_000;
    private static final int MAX_LINE = 1 << 20;
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int tags;

    private ImapClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /** Connects, reads the greeting and logs in; an {@link IOException} when any step fails. */
    static ImapClient login(InetSocketAddress server, String user, String password) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(server, TIMEOUT_MILLIS);
            s.setSoTimeout(TIMEOUT_MILLIS);
            ImapClient c = new ImapClient(s);
            String greeting = c.read().text();
            if (!greeting.startsWith("* OK")) throw new IOException("IMAP greeting: " + greeting);
            c.ok("LOGIN " + user + " " + password);
            return c;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Sends a command; returns every response up to and including the tagged one. */
    List<Response> command(String command) throws IOException {
        String tag = nextTag();
        send(tag + " " + command + "\r\n");
        return untilTagged(tag);
    }

    /** A command that must end in OK; an {@link IOException} otherwise. */
    List<Response> ok(String command) throws IOException {
        List<Response> r = command(command);
        requireOk(command, r);
        return r;
    }

    /** A command whose last argument is {@code literal}, sent as a synchronizing literal. */
    List<Response> commandWithLiteral(String prefix, byte[] literal) throws IOException {
        String tag = nextTag();
        send(tag + " " + prefix + " {" + literal.length + "}\r\n");
        Response cont = read();
        if (!cont.text().startsWith("+")) {
            List<Response> r = new ArrayList<>(List.of(cont));
            if (!cont.text().startsWith(tag + " ")) r.addAll(untilTagged(tag));
            return r;
        }
        out.write(literal);
        send("\r\n");
        return untilTagged(tag);
    }

    static boolean isOk(List<Response> responses) {
        String last = responses.getLast().text();
        return last.substring(last.indexOf(' ') + 1).startsWith("OK");
    }

    static void requireOk(String command, List<Response> responses) throws IOException {
        if (!isOk(responses)) throw new IOException(command + " -> " + responses.getLast().text());
    }

    private String nextTag() {
        return "t" + (++tags);
    }

    private List<Response> untilTagged(String tag) throws IOException {
        List<Response> lines = new ArrayList<>();
        while (true) {
            Response r = read();
            lines.add(r);
            if (r.text().startsWith(tag + " ")) return lines;
        }
    }

    private void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One response, reading any literals it carries. */
    Response read() throws IOException {
        StringBuilder text = new StringBuilder();
        List<byte[]> literals = new ArrayList<>();
        while (true) {
            String line = readLine();
            text.append(line);
            Matcher m = LITERAL.matcher(line);
            if (!m.find()) return new Response(text.toString(), literals);
            literals.add(in.readNBytes(Integer.parseInt(m.group(1))));
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) throw new EOFException("IMAP connection closed");
            if (line.size() > MAX_LINE) throw new IOException("IMAP response line too long");
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a dead connection after a crash: nothing to do
        }
    }
}

package org.mailstore.pop3d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A minimal, strict POP3 client for tests: every line must end in CRLF. */
final class Pop3Client implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    final String greeting;

    Pop3Client(InetSocketAddress address) throws IOException {
        this(address, null);
    }

    /** From {@code local} (another loopback address such as 127.0.0.2, to test per-address limits), or any if null. */
    Pop3Client(InetSocketAddress address, java.net.InetAddress local) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort(), local, 0);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
        greeting = readLine();
    }

    /** Logs in with USER/PASS and checks it worked. */
    Pop3Client login(String user, String password) throws IOException {
        assertEquals("+OK", command("USER " + user));
        assertEquals("+OK Logged in.", command("PASS " + password));
        return this;
    }

    /** Sends a command and returns the first answer line. */
    String command(String line) throws IOException {
        send(line);
        return readLine();
    }

    /** Sends a command whose answer is multi-line; returns the lines between the status and the ".", unstuffed. */
    List<String> multiline(String line) throws IOException {
        String status = command(line);
        assertTrue(status.startsWith("+OK"), line + " -> " + status);
        List<String> lines = new ArrayList<>();
        for (String l = readLine(); !l.equals("."); l = readLine()) lines.add(l.startsWith(".") ? l.substring(1) : l);
        return lines;
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) throw new IOException("connection closed; so far: " + b.toString(StandardCharsets.UTF_8));
            b.write(c);
        }
        byte[] bytes = b.toByteArray();
        assertTrue(bytes.length > 0 && bytes[bytes.length - 1] == '\r', "line without CRLF");
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
    }

    /** True when the server has closed the connection. */
    boolean closedByServer() throws IOException {
        return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

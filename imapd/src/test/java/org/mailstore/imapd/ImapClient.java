package org.mailstore.imapd;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A bare IMAP client for tests that need bytes a script cannot hold: large literals, exact timing. */
final class ImapClient implements AutoCloseable {
    static final int TIMEOUT_MILLIS = 30_000;

    private final Socket socket;
    private final InputStream in;
    final OutputStream out;

    ImapClient(InetSocketAddress address) throws IOException {
        this(address, null);
    }

    /** From {@code local} (another loopback address such as 127.0.0.2, to test per-address limits), or any if null. */
    ImapClient(InetSocketAddress address, java.net.InetAddress local) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort(), local, 0);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = new java.io.BufferedInputStream(socket.getInputStream());
        out = new java.io.BufferedOutputStream(socket.getOutputStream());
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One line without its CRLF. */
    String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) throw new EOFException("connection closed after: " + b.toString(StandardCharsets.UTF_8));
            b.write(c);
        }
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Reads lines until the tagged one, which it returns. */
    String readTagged(String tag) throws IOException {
        String line;
        do {
            line = readLine();
        } while (!line.startsWith(tag + " "));
        return line;
    }

    /** Exactly {@code n} bytes (a literal's content), passed to {@code sink}. */
    void readExactly(long n, OutputStream sink) throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) throw new EOFException(n + " bytes short");
            sink.write(buf, 0, r);
            n -= r;
        }
    }

    void login(String user) throws IOException {
        readLine();
        send("l LOGIN " + user + " secret");
        String r = readTagged("l");
        if (!r.startsWith("l OK")) throw new IOException("login failed: " + r);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

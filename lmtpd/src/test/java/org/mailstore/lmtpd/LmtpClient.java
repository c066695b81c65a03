package org.mailstore.lmtpd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A raw-socket LMTP client for tests: writes exactly what it is given, reads reply lines. */
final class LmtpClient implements AutoCloseable {
    static final int READ_TIMEOUT_MILLIS = 20_000;

    private final Socket socket;
    private final OutputStream out;
    private final BufferedReader in;

    LmtpClient(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        out = socket.getOutputStream();
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    /** Sends each line with CRLF, all in one write (pipelined). */
    LmtpClient send(String... lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) sb.append(l).append("\r\n");
        return raw(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    LmtpClient raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    OutputStream output() {
        return out;
    }

    /** One reply line, or null when the server closed the connection. */
    String line() throws IOException {
        return in.readLine();
    }

    /** {@code n} reply lines. */
    List<String> lines(int n) throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(line());
        return out;
    }

    /** A whole (possibly multi-line) reply. */
    List<String> reply() throws IOException {
        List<String> out = new ArrayList<>();
        String l;
        do {
            l = line();
            if (l == null) break;
            out.add(l);
        } while (l.length() > 3 && l.charAt(3) == '-');
        return out;
    }

    /** Greeting and LHLO, checked loosely: the tests that care look at them exactly. */
    LmtpClient hello() throws IOException {
        String greeting = line();
        if (greeting == null || !greeting.startsWith("220 ")) throw new IOException("no greeting: " + greeting);
        send("LHLO client.test");
        List<String> caps = reply();
        if (!caps.getLast().startsWith("250 ")) throw new IOException("LHLO refused: " + caps);
        return this;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

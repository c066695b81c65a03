package org.mailstore.net.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** One client connection of a {@link ProtocolScript}: sends pipelined lines, flushing only before it reads. */
final class ScriptConnection {
    static final int CLIENT_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private ScriptConnection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(CLIENT_TIMEOUT_MILLIS);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static ScriptConnection open(InetSocketAddress address) {
        try {
            return new ScriptConnection(new Socket(address.getAddress(), address.getPort()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void send(byte[] line) {
        pending.writeBytes(line);
        pending.writeBytes(new byte[] {'\r', '\n'});
    }

    /** One server line; fails unless it ends in CRLF and holds no other CR or LF. */
    String readLine(String script, int lineNumber) throws IOException {
        flush();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b;
            try {
                b = in.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError(script + ":" + lineNumber + ": no answer; so far: " + line.toString(StandardCharsets.UTF_8));
            }
            if (b < 0) fail(script + ":" + lineNumber + ": connection closed; so far: " + line.toString(StandardCharsets.UTF_8));
            if (b == '\n') break;
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        assertTrue(bytes.length > 0 && bytes[bytes.length - 1] == '\r', script + ":" + lineNumber + ": line without CRLF");
        String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
        assertTrue(text.indexOf('\r') < 0, script + ":" + lineNumber + ": bare CR inside a line: " + text);
        return text;
    }

    void expectClosed(String script, int lineNumber) throws IOException {
        flush();
        try {
            int b = in.read();
            assertEquals(-1, b, script + ":" + lineNumber + ": expected the server to close, got more bytes");
        } catch (SocketException e) {
            // a reset is a close too
        } catch (SocketTimeoutException e) {
            fail(script + ":" + lineNumber + ": the server kept the connection open");
        }
    }

    void drop() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void flush() throws IOException {
        if (pending.size() > 0) {
            out.write(pending.toByteArray());
            out.flush();
            pending.reset();
        }
    }
}

package org.mailstore.pop3d;

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
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mailstore.net.ServerEndpoint;
import org.mailstore.store.Account;
import org.mailstore.store.StoreFixture;

/**
 * Runs every {@code scripts/*.test} file against a live {@link Pop3Server} on a real store: each
 * script gets its own account (holding {@link Samples}) and its own server with the script's
 * settings. See {@link ProtocolScript} for the format.
 */
class ProtocolScriptTest {
    /** Short, so failed logins do not slow the scripts; AuthFailureDelayTest checks the real thing. */
    static final Duration SCRIPT_AUTH_FAILURE_DELAY = Duration.ofMillis(50);
    static final int CLIENT_TIMEOUT_MILLIS = 10_000;

    private static StoreFixture f;

    /** Another account with mail, which OnlyOwnMaildrop.test tries to reach. */
    static final String VICTIM = "pop3-victim@example.org";

    @BeforeAll
    static void start() throws IOException {
        f = new StoreFixture();
        Samples.fill(f.store, f.store.accounts().create(VICTIM, "the victim's own password".toCharArray()));
    }

    @AfterAll
    static void stop() throws IOException {
        f.close();
    }

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException, URISyntaxException {
        Path dir = Paths.get(ProtocolScriptTest.class.getResource("/scripts").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "scripts found: " + files);
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> run(p)));
    }

    private static void run(Path file) throws Exception {
        String base = file.getFileName().toString().replace(".test", "").toLowerCase(Locale.ROOT);
        Account account = f.account(base + "@example.org");
        Samples.fill(f.store, account);
        ProtocolScript script = ProtocolScript.load(file,
                Pop3Settings.defaults().withAuthFailureDelay(SCRIPT_AUTH_FAILURE_DELAY), account.address());
        Map<Integer, Connection> sessions = new HashMap<>();
        try (Pop3Server server = Pop3Server.start(script.settings(), f.store, ServerEndpoint.loopback())) {
            Connection current = null;
            for (ProtocolScript.Step step : script.steps()) {
                if (step instanceof ProtocolScript.Session s) {
                    current = sessions.computeIfAbsent(s.number(), n -> Connection.open(server.address()));
                    continue;
                }
                if (current == null) current = sessions.computeIfAbsent(1, n -> Connection.open(server.address()));
                switch (step) {
                    case ProtocolScript.Send send -> current.send(send.line());
                    case ProtocolScript.Expect e -> {
                        String line = current.readLine(script.name(), e.lineNumber());
                        if (!e.line().matcher(line).matches()) {
                            fail(script.name() + ":" + e.lineNumber() + ": expected /" + e.line() + "/ but the server sent: " + line);
                        }
                    }
                    case ProtocolScript.Closed c -> current.expectClosed(script.name(), c.lineNumber());
                    case ProtocolScript.Drop d -> current.drop();
                    case ProtocolScript.Inbox i -> assertEquals(i.messages(), f.mailbox(account, "INBOX").messages(),
                            script.name() + ":" + i.lineNumber() + ": INBOX messages");
                    case ProtocolScript.Session s -> throw new AssertionError("handled above");
                }
            }
        } finally {
            for (Connection c : sessions.values()) c.drop();
        }
    }

    /** One client connection: sends pipelined lines, flushing only before it reads. */
    static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(CLIENT_TIMEOUT_MILLIS);
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static Connection open(InetSocketAddress address) {
            try {
                return new Connection(new Socket(address.getAddress(), address.getPort()));
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
}

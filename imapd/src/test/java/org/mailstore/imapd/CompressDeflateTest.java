package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.net.ConnectionSecurity;
import org.mailstore.net.PlaintextPolicy;
import org.mailstore.net.SelfSignedCertificate;
import org.mailstore.net.ServerEndpoint;
import org.mailstore.net.ServerTls;
import org.mailstore.net.testing.TlsLineClient;
import org.mailstore.store.Account;

/**
 * RFC 4978 COMPRESS=DEFLATE with a client that compresses as the RFC says (raw DEFLATE, a sync flush after each
 * command): the tagged OK in the clear, then both directions compressed, in the clear and inside TLS; a second
 * COMPRESS is NO [COMPRESSIONACTIVE]; input pipelined after COMPRESS is never run.
 */
class CompressDeflateTest {
    @TempDir
    static Path dir;

    /** A client over any byte streams, which can switch them to DEFLATE; keeps the raw bytes it received. */
    private static final class Client {
        private final Socket socket;
        private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
        private InputStream in;
        private OutputStream out;

        Client(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(ImapClient.TIMEOUT_MILLIS);
            InputStream teed = new FilterInputStream(socket.getInputStream()) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) raw.write(b);
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) raw.write(b, off, n);
                    return n;
                }
            };
            this.in = teed;
            this.out = socket.getOutputStream();
        }

        void compress() {
            in = new InflaterInputStream(in, new Inflater(true));
            out = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true), true);
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) throw new EOFException("closed after: " + b.toString(StandardCharsets.UTF_8));
                b.write(c);
            }
            String s = b.toString(StandardCharsets.UTF_8);
            assertTrue(s.endsWith("\r"), s);
            return s.substring(0, s.length() - 1);
        }

        /** The lines of one command, its tagged completion last. */
        List<String> command(String tag, String command) throws IOException {
            send(tag + " " + command + "\r\n");
            List<String> lines = new ArrayList<>();
            String l;
            do {
                l = line();
                lines.add(l);
            } while (!l.startsWith(tag + " "));
            return lines;
        }

        String rawText() {
            return raw.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void bothDirectionsAreCompressedAfterTheTaggedOk() throws Exception {
        try (LiveServer server = LiveServer.start()) {
            Account a = server.fixture.account("compress@example.org");
            Samples.fill(server.fixture.store, a);
            try (Socket s = new Socket(server.address().getAddress(), server.address().getPort())) {
                Client c = new Client(s);
                c.line();
                assertEquals("a BAD COMPRESS is not allowed before login.", c.command("a", "COMPRESS DEFLATE").getLast());
                assertTrue(c.command("b", "LOGIN " + a.address() + " secret").getLast().startsWith("b OK "));
                assertEquals("c NO Unknown compression mechanism.", c.command("c", "COMPRESS LZMA").getLast());
                assertEquals(List.of("d OK Begin compression."), c.command("d", "COMPRESS DEFLATE"));
                int clear = c.rawText().length();
                c.compress();
                assertCompressedSession(c);
                String after = c.rawText().substring(clear);
                assertFalse(after.contains("completed"), "the answers after COMPRESS went out compressed");
                assertTrue(after.length() > 0);
            }
        }
    }

    @Test
    void compressionRunsInsideTls() throws Exception {
        SelfSignedCertificate.PemFiles files = SelfSignedCertificate.ensure(dir, "localhost");
        ServerTls tls = ServerTls.load(files.certificate(), files.key());
        try (LiveServer base = LiveServer.start();
             ImapServer implicit = ImapServer.start(ImapSettings.defaults().withAuthFailureDelay(LiveServer.TEST_AUTH_FAILURE_DELAY), base.fixture.store,
                     ServerEndpoint.loopback().withSecurity(ConnectionSecurity.implicitTls(tls, new PlaintextPolicy(PlaintextPolicy.Mode.NEVER))))) {
            Account a = base.fixture.account("compress-tls@example.org");
            Samples.fill(base.fixture.store, a);
            SSLSocket s = (SSLSocket) TlsLineClient.trusting(tls.certificate()).getSocketFactory()
                    .createSocket(implicit.address().getAddress(), implicit.address().getPort());
            try (s) {
                s.startHandshake();
                Client c = new Client(s);
                c.line();
                assertTrue(c.command("b", "LOGIN " + a.address() + " secret").getLast().startsWith("b OK "));
                assertEquals(List.of("d OK Begin compression."), c.command("d", "COMPRESS DEFLATE"));
                c.compress();
                assertCompressedSession(c);
            }
        }
    }

    @Test
    void inputPipelinedAfterCompressIsNeverRun() throws Exception {
        try (LiveServer server = LiveServer.start()) {
            Account a = server.fixture.account("compress-pipelined@example.org");
            try (Socket s = new Socket(server.address().getAddress(), server.address().getPort())) {
                Client c = new Client(s);
                c.line();
                assertTrue(c.command("b", "LOGIN " + a.address() + " secret").getLast().startsWith("b OK "));
                c.send("d COMPRESS DEFLATE\r\nx CREATE Injected\r\n");
                assertEquals("d OK Begin compression.", c.line());
                c.compress();
                assertEquals(List.of("e OK LIST completed."), c.command("e", "LIST \"\" Injected"));
            }
        }
    }

    /** A selected mailbox, a body fetch, a second COMPRESS and LOGOUT, all over the compressed streams. */
    private static void assertCompressedSession(Client c) throws IOException {
        assertEquals(List.of("e OK NOOP completed."), c.command("e", "NOOP"));
        List<String> select = c.command("f", "SELECT INBOX");
        assertTrue(select.contains("* 3 EXISTS"), select.toString());
        List<String> fetch = c.command("g", "FETCH 3 BODY.PEEK[TEXT]");
        assertTrue(fetch.contains("See attached."), fetch.toString());
        assertEquals("g OK FETCH completed.", fetch.getLast());
        assertEquals(List.of("h NO [COMPRESSIONACTIVE] DEFLATE active via COMPRESS."), c.command("h", "COMPRESS DEFLATE"));
        assertEquals(List.of("* BYE Logging out.", "i OK LOGOUT completed."), c.command("i", "LOGOUT"));
    }
}

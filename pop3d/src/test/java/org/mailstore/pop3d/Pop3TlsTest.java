package org.mailstore.pop3d;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.net.ConnectionSecurity;
import org.mailstore.net.PlaintextPolicy;
import org.mailstore.net.SelfSignedCertificate;
import org.mailstore.net.ServerTls;
import org.mailstore.store.StoreFixture;

/**
 * STLS (RFC 2595), POP3S (RFC 8314) and the cleartext-password policy, against the JDK's TLS client. The servers
 * run with {@code auth.plaintext = never}, since tests can only connect from loopback, which loopback-only trusts.
 */
class Pop3TlsTest {
    private static final PlaintextPolicy NEVER = new PlaintextPolicy(PlaintextPolicy.Mode.NEVER);

    @TempDir
    static Path dir;
    private static StoreFixture f;
    private static ServerTls tls;
    private static Pop3Server starttls;
    private static Pop3Server implicit;
    private static Pop3Server noCertificate;

    @BeforeAll
    static void start() throws Exception {
        f = new StoreFixture();
        SelfSignedCertificate.PemFiles files = SelfSignedCertificate.ensure(dir, "localhost");
        tls = ServerTls.load(files.certificate(), files.key());
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        starttls = Pop3Server.start(Pop3Settings.defaults(), ConnectionSecurity.startTls(tls, NEVER), f.store, any);
        implicit = Pop3Server.start(Pop3Settings.defaults(), ConnectionSecurity.implicitTls(tls, NEVER), f.store, any);
        noCertificate = Pop3Server.start(Pop3Settings.defaults(), ConnectionSecurity.none(NEVER), f.store, any);
    }

    @AfterAll
    static void stop() throws IOException {
        starttls.close();
        implicit.close();
        noCertificate.close();
        f.close();
    }

    @Test
    void cleartextLoginIsRefusedAndNotAdvertisedUntilStlsThenWorks() throws Exception {
        f.account("stls@example.org");
        try (Client c = new Client(starttls.address())) {
            assertEquals("+OK mailstore ready.", c.line());
            assertEquals(List.of("CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "STLS", "SASL SCRAM-SHA-256", "IMPLEMENTATION mailstore"),
                    c.multiline("CAPA"));
            String refused = "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.";
            assertEquals(refused, c.command("USER stls@example.org"));
            assertEquals(refused, c.command("PASS secret"));
            assertEquals(refused, c.command("AUTH PLAIN AHN0bHNAZXhhbXBsZS5vcmcAc2VjcmV0"));
            assertEquals(List.of("SCRAM-SHA-256"), c.multiline("AUTH"));
            assertEquals("+OK Begin TLS negotiation now.", c.command("STLS"));
            c.startTls();
            assertEquals(List.of("CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "USER", "SASL PLAIN LOGIN SCRAM-SHA-256",
                    "IMPLEMENTATION mailstore"), c.multiline("CAPA"));
            assertEquals("-ERR TLS is already active.", c.command("STLS"));
            assertEquals("+OK", c.command("USER stls@example.org"));
            assertEquals("+OK Logged in.", c.command("PASS secret"));
            assertEquals("+OK 0 0", c.command("STAT"));
            assertEquals("+OK Logging out.", c.command("QUIT"));
        }
    }

    @Test
    void commandsPipelinedInTheClearAfterStlsAreNeverRun() throws Exception {
        try (Client c = new Client(starttls.address())) {
            assertEquals("+OK mailstore ready.", c.line());
            // A man in the middle appends QUIT after the client's STLS; if the server ran it after the handshake,
            // the client's CAPA would be answered with "+OK Logging out".
            c.send("STLS\r\nQUIT\r\n");
            assertEquals("+OK Begin TLS negotiation now.", c.line());
            c.startTls();
            assertEquals(List.of("CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "USER", "SASL PLAIN LOGIN SCRAM-SHA-256",
                    "IMPLEMENTATION mailstore"), c.multiline("CAPA"));
            assertEquals("+OK Logging out", c.command("QUIT"));
        }
    }

    @Test
    void aUserGivenBeforeStlsIsForgotten() throws Exception {
        f.account("forget@example.org");
        try (Client c = new Client(new InetSocketAddress(InetAddress.getLoopbackAddress(), starttls.address().getPort()))) {
            c.line();
            assertEquals("-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.",
                    c.command("USER forget@example.org"));
            c.command("STLS");
            c.startTls();
            assertEquals("-ERR No username given.", c.command("PASS secret"));
        }
    }

    @Test
    void pop3sSpeaksTlsFromTheFirstByteAndOffersNoStls() throws Exception {
        f.account("pop3s@example.org");
        try (Client c = new Client(implicit.address())) {
            c.startTls();
            assertEquals("+OK mailstore ready.", c.line());
            assertEquals(List.of("CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "USER", "SASL PLAIN LOGIN SCRAM-SHA-256",
                    "IMPLEMENTATION mailstore"), c.multiline("CAPA"));
            assertEquals("-ERR TLS is already active.", c.command("STLS"));
            assertEquals("+OK Logged in.", c.command("AUTH PLAIN AHBvcDNzQGV4YW1wbGUub3JnAHNlY3JldA=="));
            assertEquals("+OK Logging out.", c.command("QUIT"));
        }
    }

    @Test
    void withoutACertificateThereIsNoStlsAndOnlyScramUnderNever() throws Exception {
        try (Client c = new Client(noCertificate.address())) {
            c.line();
            assertEquals(List.of("CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "SASL SCRAM-SHA-256", "IMPLEMENTATION mailstore"),
                    c.multiline("CAPA"));
            assertEquals("-ERR TLS support isn't enabled.", c.command("STLS"));
        }
    }

    /** A line client whose socket can be switched to TLS in place. */
    private static final class Client implements AutoCloseable {
        private final Socket plain;
        private InputStream in;
        private OutputStream out;
        private SSLSocket secure;

        Client(InetSocketAddress address) throws IOException {
            plain = new Socket(address.getAddress(), address.getPort());
            plain.setSoTimeout(10_000);
            in = plain.getInputStream();
            out = plain.getOutputStream();
        }

        void startTls() throws Exception {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("server", tls.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            secure = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
            secure.startHandshake();
            in = secure.getInputStream();
            out = secure.getOutputStream();
        }

        void send(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        String command(String line) throws IOException {
            send(line + "\r\n");
            return line();
        }

        List<String> multiline(String command) throws IOException {
            assertEquals("+OK", command(command));
            List<String> lines = new ArrayList<>();
            for (String l = line(); !l.equals("."); l = line()) lines.add(l);
            return lines;
        }

        /** One line, read byte by byte so nothing after it is taken from the socket before a handshake. */
        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) throw new IOException("connection closed; so far: " + b);
                if (c != '\r') b.write(c);
            }
            return b.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            plain.close();
        }
    }
}

package org.mailstore.pop3d;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.net.ConnectionSecurity;
import org.mailstore.net.PlaintextPolicy;
import org.mailstore.net.SelfSignedCertificate;
import org.mailstore.net.ServerEndpoint;
import org.mailstore.net.ServerTls;
import org.mailstore.net.testing.TlsLineClient;
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
        starttls = Pop3Server.start(Pop3Settings.defaults(), f.store, ServerEndpoint.loopback().withSecurity(ConnectionSecurity.startTls(tls, NEVER)));
        implicit = Pop3Server.start(Pop3Settings.defaults(), f.store, ServerEndpoint.loopback().withSecurity(ConnectionSecurity.implicitTls(tls, NEVER)));
        noCertificate = Pop3Server.start(Pop3Settings.defaults(), f.store, ServerEndpoint.loopback().withSecurity(ConnectionSecurity.none(NEVER)));
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
        try (TlsLineClient c = new TlsLineClient(starttls.address(), tls.certificate())) {
            assertEquals("+OK mailstore ready.", c.line());
            assertEquals(List.of("CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "STLS", "SASL SCRAM-SHA-256", "IMPLEMENTATION mailstore"),
                    multiline(c, "CAPA"));
            String refused = "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.";
            assertEquals(refused, c.command("USER stls@example.org"));
            assertEquals(refused, c.command("PASS secret"));
            assertEquals(refused, c.command("AUTH PLAIN AHN0bHNAZXhhbXBsZS5vcmcAc2VjcmV0"));
            assertEquals(List.of("SCRAM-SHA-256"), multiline(c, "AUTH"));
            assertEquals("+OK Begin TLS negotiation now.", c.command("STLS"));
            c.startTls();
            assertEquals(List.of("CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "USER", "SASL PLAIN LOGIN SCRAM-SHA-256",
                    "IMPLEMENTATION mailstore"), multiline(c, "CAPA"));
            assertEquals("-ERR TLS is already active.", c.command("STLS"));
            assertEquals("+OK", c.command("USER stls@example.org"));
            assertEquals("+OK Logged in.", c.command("PASS secret"));
            assertEquals("+OK 0 0", c.command("STAT"));
            assertEquals("+OK Logging out.", c.command("QUIT"));
        }
    }

    @Test
    void commandsPipelinedInTheClearAfterStlsAreNeverRun() throws Exception {
        try (TlsLineClient c = new TlsLineClient(starttls.address(), tls.certificate())) {
            assertEquals("+OK mailstore ready.", c.line());
            // A man in the middle appends QUIT after the client's STLS; if the server ran it after the handshake,
            // the client's CAPA would be answered with "+OK Logging out".
            c.send("STLS\r\nQUIT\r\n");
            assertEquals("+OK Begin TLS negotiation now.", c.line());
            c.startTls();
            assertEquals(List.of("CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "USER", "SASL PLAIN LOGIN SCRAM-SHA-256",
                    "IMPLEMENTATION mailstore"), multiline(c, "CAPA"));
            assertEquals("+OK Logging out", c.command("QUIT"));
        }
    }

    @Test
    void aUserGivenBeforeStlsIsForgotten() throws Exception {
        f.account("forget@example.org");
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), starttls.address().getPort());
        try (TlsLineClient c = new TlsLineClient(loopback, tls.certificate())) {
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
        try (TlsLineClient c = new TlsLineClient(implicit.address(), tls.certificate())) {
            c.startTls();
            assertEquals("+OK mailstore ready.", c.line());
            assertEquals(List.of("CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "USER", "SASL PLAIN LOGIN SCRAM-SHA-256",
                    "IMPLEMENTATION mailstore"), multiline(c, "CAPA"));
            assertEquals("-ERR TLS is already active.", c.command("STLS"));
            assertEquals("+OK Logged in.", c.command("AUTH PLAIN AHBvcDNzQGV4YW1wbGUub3JnAHNlY3JldA=="));
            assertEquals("+OK Logging out.", c.command("QUIT"));
        }
    }

    @Test
    void withoutACertificateThereIsNoStlsAndOnlyScramUnderNever() throws Exception {
        try (TlsLineClient c = new TlsLineClient(noCertificate.address(), tls.certificate())) {
            c.line();
            assertEquals(List.of("CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "SASL SCRAM-SHA-256", "IMPLEMENTATION mailstore"),
                    multiline(c, "CAPA"));
            assertEquals("-ERR TLS support isn't enabled.", c.command("STLS"));
        }
    }

    /** A command answered by a bare "+OK" and a dot-terminated list (CAPA, bare AUTH). */
    private static List<String> multiline(TlsLineClient c, String command) throws IOException {
        assertEquals("+OK", c.command(command));
        return c.linesUntil(".");
    }
}

package org.mailstore.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS server side against the JDK's own TLS client, over real loopback sockets. */
class ServerTlsTest {
    @TempDir
    Path dir;

    @Test
    void selfSignedCertificateIsMadeOnceAndReusedOnTheNextStart() throws Exception {
        SelfSignedCertificate.PemFiles first = SelfSignedCertificate.ensure(dir.resolve("tls"), "mail.example.org");
        String cert = Files.readString(first.certificate());
        String key = Files.readString(first.key());
        assertTrue(cert.startsWith("-----BEGIN CERTIFICATE-----"), cert);
        assertTrue(key.startsWith("-----BEGIN PRIVATE KEY-----"), key);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(first.key())));
        SelfSignedCertificate.PemFiles again = SelfSignedCertificate.ensure(dir.resolve("tls"), "mail.example.org");
        assertEquals(cert, Files.readString(again.certificate()));
        X509Certificate c = ServerTls.load(again.certificate(), again.key()).certificate();
        assertEquals("CN=mail.example.org", c.getSubjectX500Principal().getName());
        assertEquals("[[2, localhost], [2, mail.example.org], [7, 127.0.0.1], [7, 0:0:0:0:0:0:0:1]]",
                c.getSubjectAlternativeNames().toString());
    }

    @Test
    void pkcs1AndPkcs8RsaKeysAndSec1EcKeysLoad() throws Exception {
        SelfSignedCertificate.PemFiles sec1 = TestTls.opensslEcSec1(dir, "sec1.example");
        assertTrue(Files.readString(sec1.key()).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        assertEquals("CN=sec1.example", ServerTls.load(sec1.certificate(), sec1.key()).certificate().getSubjectX500Principal().getName());
        SelfSignedCertificate.PemFiles p1 = TestTls.rsaPkcs1(dir, "p1");
        assertTrue(Files.readString(p1.key()).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertEquals("CN=p1", ServerTls.load(p1.certificate(), p1.key()).certificate().getSubjectX500Principal().getName());
        SelfSignedCertificate.PemFiles p8 = TestTls.rsaPkcs8(dir, "p8");
        assertTrue(Files.readString(p8.key()).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals("CN=p8", ServerTls.load(p8.certificate(), p8.key()).certificate().getSubjectX500Principal().getName());
    }

    @Test
    void aKeyThatIsNotTheCertificatesOrNotAKeyIsRefusedWithTheFileNamed() throws Exception {
        SelfSignedCertificate.PemFiles ec = SelfSignedCertificate.ensure(dir.resolve("ec"), "localhost");
        SelfSignedCertificate.PemFiles rsa = TestTls.rsaPkcs8(dir, "rsa");
        TlsSetupException wrongType = assertThrows(TlsSetupException.class, () -> ServerTls.load(ec.certificate(), rsa.key()));
        assertEquals(rsa.key() + " holds a RSA key but the certificate in " + ec.certificate() + " is for a EC key", wrongType.getMessage());
        TlsSetupException notKey = assertThrows(TlsSetupException.class, () -> ServerTls.load(ec.certificate(), ec.certificate()));
        assertTrue(notKey.getMessage().startsWith(ec.certificate() + " holds a X509CertificateHolder, not an unencrypted private key"),
                notKey.getMessage());
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        TlsSetupException noCert = assertThrows(TlsSetupException.class, () -> ServerTls.load(empty, ec.key()));
        assertEquals(empty + " holds no PEM certificate", noCert.getMessage());
    }

    @Test
    void onlyTls12And13WithForwardSecretAeadSuitesAreOffered() {
        String[] offered = ServerTls.modernSuites(new String[] {"TLS_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
                "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"});
        assertArrayEquals(new String[] {"TLS_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"}, offered);
        assertEquals("[TLSv1.3, TLSv1.2]", ServerTls.PROTOCOLS.toString());
    }

    @Test
    void implicitTlsHandshakesBeforeTheFirstByteAndRefusesTls11AndCbcSuites() throws Exception {
        SelfSignedCertificate.PemFiles f = SelfSignedCertificate.ensure(dir, "localhost");
        ServerTls tls = ServerTls.load(f.certificate(), f.key());
        SSLContext client = TestTls.trusting(tls.certificate());
        try (Listener l = Listener.start("test", loopback(), 4, new byte[0], (s, id) -> {
            Connection c = Connection.open(s, ConnectionSecurity.implicitTls(tls, PlaintextPolicy.DEFAULT));
            c.output().write(("HELLO " + c.secure() + " " + c.tlsDescription().split(" ")[0] + "\r\n").getBytes(StandardCharsets.US_ASCII));
            c.output().flush();
        })) {
            try (SSLSocket s = TestTls.clientHandshake(client, connect(l))) {
                assertEquals("HELLO true TLSv1.3", readLine(s));
            }
            try (SSLSocket s = TestTls.clientHandshake(client, connect(l), "TLSv1.2")) {
                assertEquals("HELLO true TLSv1.2", readLine(s));
            }
            assertThrows(SSLHandshakeException.class, () -> TestTls.clientHandshake(client, connect(l), "TLSv1.1"));
            assertThrows(SSLHandshakeException.class, () -> {
                SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(connect(l), "localhost", l.address().getPort(), true);
                s.setEnabledProtocols(new String[] {"TLSv1.2"});
                s.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
                s.startHandshake();
            });
        }
    }

    @Test
    void reloadServesTheNewCertificateToNewHandshakesWhileAnOpenSessionGoesOn() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        SelfSignedCertificate.PemFiles old = SelfSignedCertificate.ensure(dir.resolve("old"), "old.example");
        SelfSignedCertificate.PemFiles renewed = SelfSignedCertificate.ensure(dir.resolve("new"), "new.example");
        Files.copy(old.certificate(), cert);
        Files.copy(old.key(), key);
        ServerTls tls = ServerTls.load(cert, key);
        X509Certificate oldCert = tls.certificate();
        X509Certificate newCert = ServerTls.load(renewed.certificate(), renewed.key()).certificate();
        try (Listener l = Listener.start("test", loopback(), 4, new byte[0], (s, id) -> echo(Connection.open(s,
                ConnectionSecurity.implicitTls(tls, PlaintextPolicy.DEFAULT))))) {
            SSLSocket open = TestTls.clientHandshake(TestTls.trusting(oldCert), connect(l));
            assertEquals("old.example", cn(open));
            Files.copy(renewed.certificate(), cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(renewed.key(), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            tls.reload();
            try (SSLSocket fresh = TestTls.clientHandshake(TestTls.trusting(newCert), connect(l))) {
                assertEquals("new.example", cn(fresh));
            }
            assertEquals("still here", roundTrip(open, "still here"));
            open.close();

            Files.writeString(key, "not a key");
            assertThrows(TlsSetupException.class, tls::reload);
            try (SSLSocket kept = TestTls.clientHandshake(TestTls.trusting(newCert), connect(l))) {
                assertEquals("new.example", cn(kept), "a failed reload leaves the certificate in service");
            }
        }
    }

    @Test
    void startTlsDiscardsWhatTheClientPipelinedInTheClearAfterTheCommand() throws Exception {
        SelfSignedCertificate.PemFiles f = SelfSignedCertificate.ensure(dir, "localhost");
        ServerTls tls = ServerTls.load(f.certificate(), f.key());
        int[] discarded = {-1};
        boolean[] offeredBefore = {false};
        try (Listener l = Listener.start("test", loopback(), 4, new byte[0], (s, id) -> {
            Connection c = Connection.open(s, ConnectionSecurity.startTls(tls, PlaintextPolicy.DEFAULT));
            LineReader in = new LineReader(c.input());
            String first = new String(in.readLine(100).bytes(), StandardCharsets.US_ASCII);
            if (!first.equals("STARTTLS")) return;
            offeredBefore[0] = c.startTlsAvailable() && !c.secure();
            c.output().write("OK go ahead\r\n".getBytes(StandardCharsets.US_ASCII));
            c.output().flush();
            discarded[0] = c.startTls(in);
            // The first line after the handshake must be one the client sent over TLS.
            String next = new String(in.readLine(100).bytes(), StandardCharsets.US_ASCII);
            c.output().write(("GOT " + next + " secure=" + c.secure() + " again=" + c.startTlsAvailable() + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            c.output().flush();
        })) {
            Socket plain = connect(l);
            OutputStream o = plain.getOutputStream();
            o.write("STARTTLS\r\nINJECTED\r\n".getBytes(StandardCharsets.US_ASCII));
            o.flush();
            assertEquals("OK go ahead", readPlainLine(plain));
            try (SSLSocket s = TestTls.clientHandshake(TestTls.trusting(tls.certificate()), plain)) {
                s.getOutputStream().write("AFTER\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                assertEquals("GOT AFTER secure=true again=false", readLine(s));
            }
        }
        assertTrue(offeredBefore[0]);
        assertEquals("INJECTED\r\n".length(), discarded[0]);
    }

    @Test
    void aConnectionWithoutACertificateOffersNoStartTls() throws Exception {
        try (Listener l = Listener.start("test", loopback(), 4, new byte[0], (s, id) -> {
            Connection c = Connection.open(s, ConnectionSecurity.none(new PlaintextPolicy(PlaintextPolicy.Mode.NEVER)));
            c.output().write(("TLS " + c.startTlsAvailable() + " " + c.secure() + " plaintext " + c.plaintextAllowed() + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            c.output().flush();
            assertThrows(IllegalStateException.class, () -> c.startTls(new LineReader(c.input())));
        })) {
            try (Socket s = connect(l)) {
                assertEquals("TLS false false plaintext false", readPlainLine(s));
            }
        }
        assertFalse(ConnectionSecurity.none(PlaintextPolicy.DEFAULT).implicit());
    }

    private static void echo(Connection c) throws IOException {
        LineReader in = new LineReader(c.input());
        LineReader.Line line;
        while ((line = in.readLine(1000)) != null) {
            c.output().write(Arrays.copyOf(line.bytes(), line.bytes().length));
            c.output().write("\r\n".getBytes(StandardCharsets.US_ASCII));
            c.output().flush();
        }
    }

    private static String roundTrip(SSLSocket s, String text) throws IOException {
        s.getOutputStream().write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return readLine(s);
    }

    private static String cn(SSLSocket s) throws Exception {
        X509Certificate c = (X509Certificate) s.getSession().getPeerCertificates()[0];
        return c.getSubjectX500Principal().getName().replaceFirst("^CN=", "");
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    private static Socket connect(Listener l) throws IOException {
        Socket s = new Socket(l.address().getAddress(), l.address().getPort());
        s.setSoTimeout(10_000);
        return s;
    }

    private static String readLine(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }

    /** One line read byte by byte, so nothing after it is taken from the socket (the TLS handshake follows). */
    private static String readPlainLine(Socket s) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = s.getInputStream().read()) >= 0 && c != '\n') if (c != '\r') b.append((char) c);
        return b.toString();
    }
}

package org.mailstore.net;

import java.io.IOException;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.mailstore.net.testing.TlsLineClient;

/** Certificates written as operators have them, and a client that trusts exactly one of them. */
final class TestTls {
    private TestTls() {}

    /** An RSA key as PKCS#1 ("BEGIN RSA PRIVATE KEY", what older openssl genrsa writes) and its certificate. */
    static SelfSignedCertificate.PemFiles rsaPkcs1(Path dir, String name) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        X509Certificate cert = rsaCertificate(pair, name);
        return write(dir, name, pem(cert), pem(pair));
    }

    /** An RSA key as PKCS#8 ("BEGIN PRIVATE KEY", what openssl 3 writes) and its certificate. */
    static SelfSignedCertificate.PemFiles rsaPkcs8(Path dir, String name) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        X509Certificate cert = rsaCertificate(pair, name);
        return write(dir, name, pem(cert), pem(new JcaPKCS8Generator(pair.getPrivate(), null)));
    }

    /**
     * An EC key as SEC1 ("BEGIN EC PRIVATE KEY") made by the openssl command, as an operator would make it, and a
     * certificate for it. bin/test installs openssl.
     */
    static SelfSignedCertificate.PemFiles opensslEcSec1(Path dir, String name) throws Exception {
        Path key = dir.resolve(name + "-key.pem");
        Path cert = dir.resolve(name + "-cert.pem");
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key.toString());
        run("openssl", "req", "-new", "-x509", "-key", key.toString(), "-subj", "/CN=" + name, "-days", "1", "-out", cert.toString());
        return new SelfSignedCertificate.PemFiles(cert, key);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new AssertionError(String.join(" ", command) + " failed: " + output);
    }

    private static X509Certificate rsaCertificate(KeyPair pair, String name) throws Exception {
        // SelfSignedCertificate signs with ECDSA; for an RSA key build the same certificate signed with RSA.
        org.bouncycastle.asn1.x500.X500Name subject = new org.bouncycastle.asn1.x500.X500Name("CN=" + name);
        var b = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(subject, java.math.BigInteger.TWO,
                java.util.Date.from(Instant.now().minusSeconds(3600)), java.util.Date.from(Instant.now().plusSeconds(86_400)),
                subject, pair.getPublic());
        return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                b.build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
    }

    private static SelfSignedCertificate.PemFiles write(Path dir, String name, String cert, String key) throws IOException {
        Path c = dir.resolve(name + "-cert.pem");
        Path k = dir.resolve(name + "-key.pem");
        Files.writeString(c, cert, StandardCharsets.US_ASCII);
        Files.writeString(k, key, StandardCharsets.US_ASCII);
        return new SelfSignedCertificate.PemFiles(c, k);
    }

    static String pem(Object o) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(o);
        }
        return s.toString();
    }

    /** A client context that trusts {@code cert} only. */
    static SSLContext trusting(X509Certificate cert) throws Exception {
        return TlsLineClient.trusting(cert);
    }

    /** Handshakes as a client over {@code plain}, offering only {@code protocols}. */
    static SSLSocket clientHandshake(SSLContext context, Socket plain, String... protocols) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
        s.setUseClientMode(true);
        if (protocols.length > 0) s.setEnabledProtocols(protocols);
        s.startHandshake();
        return s;
    }
}

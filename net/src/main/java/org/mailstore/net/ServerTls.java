package org.mailstore.net;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of TLS for every listener: the certificate and key from PEM files, TLS 1.2 and 1.3 only, with
 * forward-secret AEAD cipher suites only (Mozilla's "intermediate" profile), and the server's suite order.
 *
 * <p>{@link #reload()} reads the files again (SIGHUP, after a certificate renewal) and swaps the context in one
 * volatile write: handshakes that start afterwards use the new certificate, sessions already encrypted keep theirs,
 * and a file that does not parse leaves the old certificate in service.
 */
public final class ServerTls {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);
    /** RFC 8996 retired TLS 1.0 and 1.1; RFC 9325 recommends 1.2 and 1.3. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** A client that has not finished its handshake by then is cut off, like one that sends nothing. */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
    /** The in-memory key store's password: it never leaves this process, so it protects nothing. */
    private static final char[] KEY_STORE_PASSWORD = "mailstore".toCharArray();

    private final Path certificateChain;
    private final Path privateKey;
    private volatile Loaded current;

    private record Loaded(SSLContext context, String[] suites, X509Certificate certificate) {}

    private ServerTls(Path certificateChain, Path privateKey, Loaded loaded) {
        this.certificateChain = certificateChain;
        this.privateKey = privateKey;
        this.current = loaded;
    }

    /** Reads the chain and key; fails with an operator-readable message when either is unusable. */
    public static ServerTls load(Path certificateChain, Path privateKey) throws TlsSetupException {
        ServerTls tls = new ServerTls(certificateChain, privateKey, build(PemKeyMaterial.read(certificateChain, privateKey)));
        log.info("TLS certificate loaded: {}", describe(tls.current.certificate()));
        return tls;
    }

    /** Reads the files again; on failure the certificate in service stays and the exception says why. */
    public void reload() throws TlsSetupException {
        current = build(PemKeyMaterial.read(certificateChain, privateKey));
        log.info("TLS certificate reloaded: {}", describe(current.certificate()));
    }

    /** The server certificate new handshakes present. */
    public X509Certificate certificate() {
        return current.certificate();
    }

    /**
     * Runs the server handshake over an accepted connection and returns the encrypted socket. Closing either
     * socket closes both. Nothing read from {@code plain} before this call is seen by the TLS layer: the caller
     * must have discarded it (STARTTLS, see {@link Connection#startTls}).
     */
    public SSLSocket handshake(Socket plain) throws IOException {
        Loaded l = current;
        SSLSocket tls = (SSLSocket) l.context().getSocketFactory().createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        tls.setUseClientMode(false);
        SSLParameters p = tls.getSSLParameters();
        p.setProtocols(PROTOCOLS.toArray(new String[0]));
        p.setCipherSuites(l.suites());
        p.setUseCipherSuitesOrder(true);
        p.setNeedClientAuth(false);
        tls.setSSLParameters(p);
        int previousTimeout = plain.getSoTimeout();
        plain.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
        try {
            tls.startHandshake();
        } finally {
            plain.setSoTimeout(previousTimeout);
        }
        return tls;
    }

    private static Loaded build(PemKeyMaterial material) throws TlsSetupException {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(material.keyStore(KEY_STORE_PASSWORD), KEY_STORE_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, new SecureRandom());
            String[] suites = modernSuites(context.getSupportedSSLParameters().getCipherSuites());
            return new Loaded(context, suites, material.chain().getFirst());
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("the certificate and key cannot be used for TLS: " + e.getMessage(), e);
        }
    }

    /**
     * TLS 1.3's suites (all AEAD, all forward-secret), and for TLS 1.2 only ECDHE key exchange with AES-GCM or
     * ChaCha20-Poly1305: no CBC, no static RSA key exchange, no SHA-1 MACs. In the JDK's preference order.
     */
    static String[] modernSuites(String[] supported) {
        return Arrays.stream(supported).filter(ServerTls::modern).toArray(String[]::new);
    }

    private static boolean modern(String suite) {
        if (suite.equals("TLS_AES_128_GCM_SHA256") || suite.equals("TLS_AES_256_GCM_SHA384")
                || suite.equals("TLS_CHACHA20_POLY1305_SHA256")) {
            return true;
        }
        return suite.startsWith("TLS_ECDHE_") && (suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_"));
    }

    private static String describe(X509Certificate c) {
        return c.getSubjectX500Principal().getName() + ", issued by " + c.getIssuerX500Principal().getName()
                + ", valid until " + c.getNotAfter().toInstant();
    }
}

package org.mailstore.net.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A line client whose socket can be switched to TLS in place, for the daemons' STARTTLS and implicit-TLS tests.
 * It trusts exactly one certificate, the server's, so a handshake against anything else fails.
 */
public final class TlsLineClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    /** The name the test certificates are issued for (SelfSignedCertificate.ensure(dir, "localhost")). */
    private static final String SERVER_NAME = "localhost";

    private final Socket plain;
    private final X509Certificate trusted;
    private InputStream in;
    private OutputStream out;

    public TlsLineClient(InetSocketAddress address, X509Certificate trusted) throws IOException {
        this.trusted = trusted;
        plain = new Socket(address.getAddress(), address.getPort());
        plain.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = plain.getInputStream();
        out = plain.getOutputStream();
    }

    /** Handshakes over the open connection; every later read and write goes through TLS. */
    public void startTls() throws Exception {
        SSLSocket secure = (SSLSocket) trusting(trusted).getSocketFactory().createSocket(plain, SERVER_NAME, plain.getPort(), true);
        secure.startHandshake();
        in = secure.getInputStream();
        out = secure.getOutputStream();
    }

    /** A client context that trusts {@code cert} only. */
    public static SSLContext trusting(X509Certificate cert) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Sends {@code raw} as it is: the caller writes the CRLFs, so it can pipeline several commands in one write. */
    public void send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Sends one command line and returns the first line of the answer. */
    public String command(String line) throws IOException {
        send(line + "\r\n");
        return line();
    }

    /** The next {@code n} lines. */
    public List<String> lines(int n) throws IOException {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) l.add(line());
        return l;
    }

    /** The lines up to {@code terminator}, which is read but not returned. */
    public List<String> linesUntil(String terminator) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l = line(); !l.equals(terminator); l = line()) lines.add(l);
        return lines;
    }

    /** One line, read byte by byte so nothing after it is taken from the socket before a handshake. */
    public String line() throws IOException {
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

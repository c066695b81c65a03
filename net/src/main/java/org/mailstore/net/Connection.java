package org.mailstore.net;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection as a protocol session sees it: an input and an output stream that stay the same objects
 * when STARTTLS switches the bytes underneath them to TLS, whether the connection is encrypted now
 * ({@link #secure()}), and whether a password may be sent in the clear on it ({@link #plaintextAllowed()}).
 *
 * <p>The session builds its buffers (LineReader, response writer) once over {@link #input()} and {@link #output()}.
 * At STARTTLS it flushes its answer, then calls {@link #startTls(LineReader)}, which throws away whatever the
 * client sent after the STARTTLS line and the reader already holds: those bytes came in the clear, and obeying them
 * after the handshake would let a man in the middle inject commands into the encrypted session (RFC 3207 §4.2,
 * CVE-2011-0411). Bytes still in the kernel's buffer reach the TLS engine as a broken handshake, which ends the
 * connection: they are never taken for commands either.
 */
public final class Connection implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** Buffers of the DEFLATE streams (RFC 4978), each direction; zlib's own state is about 300 KB more, native. */
    static final int COMPRESSION_BUFFER_BYTES = 8 * 1024;

    private final Socket socket;
    private final ConnectionSecurity security;
    private volatile InputStream in;
    private volatile OutputStream out;
    private volatile SSLSession tlsSession;
    private volatile SSLSocket tlsSocket;
    private volatile boolean compressed;
    private final InputStream input = new InputStream() {
        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }
    };
    private final OutputStream output = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    };

    private Connection(Socket socket, ConnectionSecurity security) throws IOException {
        this.socket = socket;
        this.security = security;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Wraps an accepted socket; on an implicit-TLS listener, runs the handshake first (before any greeting). */
    public static Connection open(Socket socket, ConnectionSecurity security) throws IOException {
        Connection c = new Connection(socket, security);
        if (security.implicit()) c.encrypt(security.tls().handshake(socket));
        return c;
    }

    /** Reads from the connection, decrypting once TLS is on. Buffer it once; it survives STARTTLS. */
    public InputStream input() {
        return input;
    }

    /** Writes to the connection, encrypting once TLS is on. */
    public OutputStream output() {
        return output;
    }

    /** The TCP socket, for timeouts and addresses; never read or write it directly. */
    public Socket socket() {
        return socket;
    }

    public InetAddress peer() {
        return socket.getInetAddress();
    }

    /** Whether the bytes on this connection are encrypted now (implicit TLS, or after STARTTLS). */
    public boolean secure() {
        return tlsSession != null;
    }

    /**
     * Whether STARTTLS may be advertised and run: a certificate is configured, TLS is not on yet, and the connection
     * is not compressed (RFC 4978 §4: TLS may not start inside compression).
     */
    public boolean startTlsAvailable() {
        return security.tls() != null && !secure() && !compressed();
    }

    /** Whether {@link #compress} has run. */
    public boolean compressed() {
        return compressed;
    }

    /**
     * Compresses both directions from now on (RFC 4978 COMPRESS=DEFLATE): raw DEFLATE (RFC 1951, no zlib header),
     * inside TLS when TLS is on, every flush of the output a SYNC_FLUSH, so each batch of responses reaches the
     * client whole. The session has sent and flushed its go-ahead uncompressed; whatever {@code reader} still holds
     * was sent before the client could have seen it, so, as at STARTTLS, it is discarded and never taken for
     * commands. Returns how many bytes that was. Once per connection.
     */
    public int compress(LineReader reader) {
        if (compressed()) throw new IllegalStateException("the connection is already compressed");
        int discarded = reader.discardBuffered();
        if (discarded > 0) log.warn("discarded {} bytes the client sent after COMPRESS, before its answer", discarded);
        in = new InflaterInputStream(in, new Inflater(true), COMPRESSION_BUFFER_BYTES);
        out = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, true), COMPRESSION_BUFFER_BYTES, true);
        compressed = true;
        log.info("DEFLATE compression started");
        return discarded;
    }

    /** Whether a password may be sent in the clear now; see {@link PlaintextPolicy}. */
    public boolean plaintextAllowed() {
        return security.plaintext().allows(secure(), peer());
    }

    /** The TLS protocol and cipher suite in use, for the log; "none" before TLS. */
    public String tlsDescription() {
        SSLSession s = tlsSession;
        return s == null ? "none" : s.getProtocol() + " " + s.getCipherSuite();
    }

    /**
     * Switches to TLS after the session has sent (and flushed) its go-ahead. Whatever {@code reader} still holds
     * is discarded first (see the class comment); returns how many bytes that was. A failed handshake throws,
     * and the connection must then be closed: its state is unknown.
     */
    public int startTls(LineReader reader) throws IOException {
        if (!startTlsAvailable()) throw new IllegalStateException("STARTTLS is not available on this connection");
        int discarded = reader.discardBuffered();
        if (discarded > 0) log.warn("discarded {} bytes the client sent in the clear after STARTTLS, before the handshake", discarded);
        encrypt(security.tls().handshake(socket));
        return discarded;
    }

    /**
     * Ends the connection; over TLS, with a close_notify alert first, without which clients such as openssl report
     * a truncation attack instead of a clean end.
     */
    @Override
    public void close() throws IOException {
        SSLSocket tls = tlsSocket;
        if (tls != null) tls.close();
        socket.close();
        // zlib's native memory (COMPRESS) is freed by the JDK's cleaner once the streams are unreachable: ending it
        // here could make a session thread that is still writing fail with an IllegalStateException
    }

    private void encrypt(SSLSocket tls) throws IOException {
        tlsSocket = tls;
        in = tls.getInputStream();
        out = tls.getOutputStream();
        tlsSession = tls.getSession();
        log.info("TLS established: {}", tlsDescription());
    }
}

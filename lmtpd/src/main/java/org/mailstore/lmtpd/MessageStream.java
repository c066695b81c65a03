package org.mailstore.lmtpd;

import java.io.IOException;
import java.io.InputStream;

/**
 * The message of one transaction as it comes off the connection, handed straight to the store:
 * no whole-message buffer. Subclasses decode the framing (dot-stuffed DATA, counted BDAT chunks)
 * one byte at a time through {@link #next()}; this class counts, enforces the size limit and
 * remembers how the stream ended, because the store wraps every read failure in its own exception
 * and the session must still tell a message that was too large from a client that went away.
 *
 * <p>After the store is done, whether it read everything or gave up early, the session calls
 * {@link #drain()} so the connection is positioned after the message again.
 */
abstract sealed class MessageStream extends InputStream permits DotUnstuffingInputStream, ChunkedInputStream {
    /** Thrown into the store when the message passes the limit; the session answers 552 5.3.4. */
    static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("message larger than " + limit + " bytes");
        }
    }

    private final long limit;
    private long size;
    private boolean counting = true;
    private boolean complete;
    private boolean tooLarge;
    private IOException connectionFailure;

    MessageStream(long limit) {
        this.limit = limit;
    }

    /** The next byte of the message, or -1 at its end; reads the connection as needed. */
    protected abstract int next() throws IOException;

    /** Bytes {@link #next()} can return without blocking (a lower bound is fine). */
    protected abstract int ready();

    @Override
    public final int read() throws IOException {
        if (complete) return -1;
        int c;
        try {
            c = next();
        } catch (ChunkedInputStream.Interrupted e) {
            throw e;
        } catch (IOException e) {
            connectionFailure = e;
            throw e;
        }
        if (c < 0) {
            complete = true;
            return -1;
        }
        if (counting && ++size > limit) {
            tooLarge = true;
            throw new TooLargeException(limit);
        }
        return c;
    }

    /** Whatever is ready, at least one byte (blocking for it), so the store's reads stay large. */
    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        int n = 0;
        while (n < len && (n == 0 || ready() > 0)) {
            int c = read();
            if (c < 0) break;
            b[off + n++] = (byte) c;
        }
        return n == 0 ? -1 : n;
    }

    @Override
    public final int available() {
        return complete ? 0 : ready();
    }

    /** Reads to the end of the message without keeping or counting it. */
    final void drain() throws IOException {
        counting = false;
        while (read() >= 0) {
            // discard
        }
    }

    final boolean complete() {
        return complete;
    }

    /** True once the message passed the size limit (the rest is then only drained). */
    final boolean tooLarge() {
        return tooLarge;
    }

    /** The connection's failure (end of stream, timeout) that cut the message short, or null. */
    final IOException connectionFailure() {
        return connectionFailure;
    }

    /** Bytes of message read so far, counted only until the limit was passed or draining began. */
    final long size() {
        return size;
    }
}

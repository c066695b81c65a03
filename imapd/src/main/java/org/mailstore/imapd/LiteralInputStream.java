package org.mailstore.imapd;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.mailstore.net.LineReader;

/**
 * Exactly {@code length} bytes of a client literal, read from the connection as the consumer asks for them (APPEND
 * streams a message into the blob store this way, never holding it). A connection that ends early is an
 * {@link EOFException}, never a short message: the store must not keep half a message as if it were whole.
 */
final class LiteralInputStream extends InputStream {
    private final LineReader in;
    private long left;

    LiteralInputStream(LineReader in, long length) {
        this.in = in;
        this.left = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left == 0) return -1;
        if (len == 0) return 0;
        int r = in.read(b, off, (int) Math.min(len, left));
        if (r < 0) throw new EOFException("the connection ended " + left + " bytes before the end of the literal");
        left -= r;
        return r;
    }

    /** Reads and drops what the consumer left unread, so the connection is at the end of the literal. */
    void skipRest() throws IOException {
        byte[] scratch = new byte[1024];
        while (read(scratch, 0, scratch.length) >= 0) {
            // discarding
        }
    }
}

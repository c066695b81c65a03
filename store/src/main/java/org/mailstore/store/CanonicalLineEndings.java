package org.mailstore.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Turns bare LF into CRLF while streaming, so delivered mail is stored in the canonical form IMAP
 * and POP3 send: RFC822.SIZE, part offsets and partial fetches then describe exactly the bytes a
 * client receives. A lone CR is left alone (it is data, not a line end). Used for delivery, never
 * for IMAP APPEND, whose literal is stored byte for byte.
 */
final class CanonicalLineEndings extends FilterInputStream {
    private boolean previousWasCr;
    private boolean pendingLf;

    CanonicalLineEndings(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        if (pendingLf) {
            pendingLf = false;
            previousWasCr = false;
            return '\n';
        }
        int b = in.read();
        if (b == '\n' && !previousWasCr) {
            pendingLf = true;
            previousWasCr = true;
            return '\r';
        }
        previousWasCr = b == '\r';
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) return 0;
        int n = 0;
        while (n < len) {
            if (n > 0 && !pendingLf && in.available() <= 0) break;
            int b = read();
            if (b < 0) return n == 0 ? -1 : n;
            buf[off + n++] = (byte) b;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && read() >= 0) skipped++;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}

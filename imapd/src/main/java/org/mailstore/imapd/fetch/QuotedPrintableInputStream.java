package org.mailstore.imapd.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Quoted-printable (RFC 2045 §6.7) decoded as it is read, for FETCH BINARY: {@code =XY} is the byte XY, a soft
 * line break ({@code =} before CRLF or a bare LF) is nothing, and a malformed escape is kept as it stands, as
 * §6.7 recommends, so decoding never fails. Blanks before a line break are kept (§6.7 (3) allows dropping them;
 * keeping them never loses data the sender meant). Reads from a stored blob, which never blocks, so reads fill
 * the buffer.
 */
public final class QuotedPrintableInputStream extends FilterInputStream {
    private final PushbackInputStream in;

    public QuotedPrintableInputStream(InputStream in) {
        this(new PushbackInputStream(in, 2));
    }

    private QuotedPrintableInputStream(PushbackInputStream in) {
        super(in);
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        while (true) {
            int c = in.read();
            if (c != '=') return c;
            int a = in.read();
            if (a == '\n') continue; // soft line break after bare LF
            if (a == '\r') {
                int b = in.read();
                if (b == '\n') continue; // soft line break
                if (b >= 0) in.unread(b);
                in.unread(a);
                return '=';
            }
            if (a < 0) return '=';
            int b = in.read();
            int hi = Character.digit(a, 16), lo = b < 0 ? -1 : Character.digit(b, 16);
            if (hi >= 0 && lo >= 0) return hi << 4 | lo;
            if (b >= 0) in.unread(b);
            in.unread(a);
            return '=';
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        int n = 0;
        while (n < len) {
            int c = read();
            if (c < 0) return n == 0 ? -1 : n;
            b[off + n++] = (byte) c;
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
    public int available() {
        return 0;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}

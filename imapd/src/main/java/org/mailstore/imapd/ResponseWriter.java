package org.mailstore.imapd;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;

/**
 * Builds IMAP responses straight into a small fixed buffer over the socket: atoms, numbers, quoted strings or
 * literals (chosen by content), nstrings, flag lists, and literals copied from an {@link InputStream} of known
 * length, so blob data passes through in buffer-sized pieces and is never held whole.
 *
 * <p>Not synchronized: one thread writes at a time. IDLE hands the writer to its change pusher and takes it back
 * only after the pusher has stopped (see {@link IdlePusher}), which is the only time a second thread writes.
 * Callers end every response with {@link #crlf()} and call {@link #flush()} when the client waits for an answer.
 */
final class ResponseWriter {
    /** Enough for any status line and small FETCH items; literals stream through it. */
    static final int BUFFER_BYTES = 8 * 1024;
    /**
     * The buffer while a long response is written (a first sync's FETCH of every message): one socket write per
     * 64 KB instead of per 8 KB. Held only for that command, so idle sessions keep the small one.
     */
    static final int BULK_BUFFER_BYTES = 64 * 1024;
    /** A quoted string longer than this is sent as a literal instead, which clients parse without unescaping. */
    static final int MAX_QUOTED_BYTES = 1024;

    private static final byte[] MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UTC_AND_QUOTE = " +0000\"".getBytes(StandardCharsets.US_ASCII);
    /** {@code "dd-Mon-yyyy hh:mm:ss +0000"} with its quotes. */
    private static final int INTERNAL_DATE_BYTES = 28;
    private static final int MAX_FAST_YEAR = 9999;

    private final OutputStream out;
    private final byte[] small = new byte[BUFFER_BYTES];
    private byte[] buf = small;
    private int n;
    /** IMAP4rev2 (RFC 9051 §4.3) lets quoted strings carry UTF-8; IMAP4rev1 needs a literal for any 8-bit byte. */
    private boolean utf8Quoted;

    ResponseWriter(OutputStream out) {
        this.out = out;
    }

    /** Switches to the {@link #BULK_BUFFER_BYTES} buffer or back, passing on what the current one holds first. */
    void bulk(boolean on) throws IOException {
        if (on == (buf != small)) return;
        drain();
        buf = on ? new byte[BULK_BUFFER_BYTES] : small;
    }

    void utf8Quoted(boolean allowed) {
        this.utf8Quoted = allowed;
    }

    /** Raw ASCII: atoms, keywords, response codes. The caller guarantees there is no CR or LF in it. */
    ResponseWriter atom(String s) throws IOException {
        int length = s.length();
        if (n + length > buf.length) {
            for (int i = 0; i < length; i++) put((byte) s.charAt(i));
            return this;
        }
        for (int i = 0; i < length; i++) buf[n + i] = (byte) s.charAt(i);
        n += length;
        return this;
    }

    /**
     * A message's internal date as RFC 9051's quoted date-time in UTC, {@code "dd-Mon-yyyy hh:mm:ss +0000"} with
     * the day padded with a space: what {@link Responses#internalDate} gives, written digit by digit, since a
     * first sync writes one per message. Years outside 1 to 9999 go through the formatter.
     */
    ResponseWriter internalDate(Instant t) throws IOException {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        if (d.getYear() < 1 || d.getYear() > MAX_FAST_YEAR) return atom(Responses.internalDate(t));
        if (n + INTERNAL_DATE_BYTES > buf.length) drain();
        buf[n++] = '"';
        int day = d.getDayOfMonth();
        buf[n++] = day < 10 ? (byte) ' ' : (byte) ('0' + day / 10);
        buf[n++] = (byte) ('0' + day % 10);
        buf[n++] = '-';
        System.arraycopy(MONTHS, 3 * (d.getMonthValue() - 1), buf, n, 3);
        n += 3;
        buf[n++] = '-';
        digits(d.getYear(), 4);
        buf[n++] = ' ';
        digits(d.getHour(), 2);
        buf[n++] = ':';
        digits(d.getMinute(), 2);
        buf[n++] = ':';
        digits(d.getSecond(), 2);
        System.arraycopy(UTC_AND_QUOTE, 0, buf, n, UTC_AND_QUOTE.length);
        n += UTC_AND_QUOTE.length;
        return this;
    }

    /** {@code value} zero-padded to {@code width} digits; the caller made room. */
    private void digits(int value, int width) {
        for (int i = n + width - 1; i >= n; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        n += width;
    }

    ResponseWriter sp() throws IOException {
        put((byte) ' ');
        return this;
    }

    ResponseWriter number(long v) throws IOException {
        if (v < 0) throw new IllegalArgumentException("IMAP numbers are unsigned: " + v);
        if (n + 20 > buf.length) drain();
        int end = n + 1;
        for (long x = v; x >= 10; x /= 10) end++;
        // Written from the last digit back, in a loop on the value: as a counted loop over buffer positions, its
        // compiled form trapped on a loop limit check in the first syncs after a start, and the JIT compiled the
        // FETCH path's row writer, into which this is inlined, again (200-300 ms of compiler CPU each time).
        int i = end;
        do {
            buf[--i] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        n = end;
        return this;
    }

    /** A string as a quoted string when that can carry it, else as a literal. */
    ResponseWriter string(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return quotable(b) ? quoted(b) : literal(b);
    }

    /** NIL for null, else {@link #string}. */
    ResponseWriter nstring(String s) throws IOException {
        return s == null ? atom("NIL") : string(s);
    }

    ResponseWriter literal(byte[] b) throws IOException {
        atom("{").number(b.length).atom("}\r\n");
        write(b, 0, b.length);
        return this;
    }

    /**
     * A literal of exactly {@code length} bytes copied from {@code in}. A stream that ends early cannot be
     * repaired in-band (the client counts bytes), so that is an IOException and the connection ends.
     */
    ResponseWriter literal(InputStream in, long length) throws IOException {
        atom("{").number(length).atom("}\r\n");
        return copy(in, length);
    }

    /** RFC 3516 {@code literal8}: as {@link #literal(InputStream, long)}, for data that may hold NUL. */
    ResponseWriter literal8(InputStream in, long length) throws IOException {
        atom("~{").number(length).atom("}\r\n");
        return copy(in, length);
    }

    private ResponseWriter copy(InputStream in, long length) throws IOException {
        long left = length;
        while (left > 0) {
            if (n == buf.length) drain();
            int r = in.read(buf, n, (int) Math.min(left, buf.length - n));
            if (r < 0) throw new IOException("message content ended " + left + " bytes early");
            n += r;
            left -= r;
        }
        return this;
    }

    /** {@code (a b c)} of flag names or other atoms. */
    ResponseWriter atomList(Collection<String> atoms) throws IOException {
        put((byte) '(');
        boolean first = true;
        for (String a : atoms) {
            if (!first) sp();
            atom(a);
            first = false;
        }
        put((byte) ')');
        return this;
    }

    ResponseWriter crlf() throws IOException {
        put((byte) '\r');
        put((byte) '\n');
        return this;
    }

    /** Bytes already in wire form (cached ENVELOPE and BODYSTRUCTURE texts). */
    ResponseWriter raw(byte[] b) throws IOException {
        write(b, 0, b.length);
        return this;
    }

    void flush() throws IOException {
        drain();
        out.flush();
    }

    private boolean quotable(byte[] b) {
        if (b.length > MAX_QUOTED_BYTES) return false;
        for (byte x : b) {
            if (x == '\r' || x == '\n' || x == 0) return false;
            if (x < 0 && !utf8Quoted) return false;
        }
        return true;
    }

    private ResponseWriter quoted(byte[] b) throws IOException {
        put((byte) '"');
        for (byte x : b) {
            if (x == '"' || x == '\\') put((byte) '\\');
            put(x);
        }
        put((byte) '"');
        return this;
    }

    private void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (n == buf.length) drain();
            int k = Math.min(len, buf.length - n);
            System.arraycopy(b, off, buf, n, k);
            n += k;
            off += k;
            len -= k;
        }
    }

    private void put(byte b) throws IOException {
        if (n == buf.length) drain();
        buf[n++] = b;
    }

    private void drain() throws IOException {
        if (n > 0) {
            out.write(buf, 0, n);
            n = 0;
        }
    }
}

package org.mailstore.net;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads protocol lines and counted data from a connection without ever holding more than a
 * configured number of bytes: the limit lives where the bytes first arrive (STYLE.md).
 *
 * <p>A line ends at LF; a CR before it is dropped, so bare-LF clients work too. A line longer than
 * the limit is consumed up to its end and reported as {@link Line#tooLong()}, so the session can
 * answer with an error and read the next command, instead of dropping the connection or taking
 * the rest of the long line for commands.
 */
public final class LineReader {
    /** A line without its ending; {@code bytes} is empty when {@code tooLong}. */
    public record Line(byte[] bytes, boolean tooLong) {}

    /** Receives pieces of a counted read. */
    @FunctionalInterface
    public interface ByteSink {
        void accept(byte[] b, int off, int len) throws IOException;
    }

    public static final int DEFAULT_BUFFER_BYTES = 16 * 1024;

    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int limit;

    public LineReader(InputStream in) {
        this(in, DEFAULT_BUFFER_BYTES);
    }

    public LineReader(InputStream in, int bufferBytes) {
        this.in = in;
        this.buf = new byte[bufferBytes];
    }

    /** The next line, or null at end of stream. A final line without LF still counts. */
    public Line readLine(int maxBytes) throws IOException {
        byte[] out = new byte[Math.min(maxBytes + 1, 256)];
        int n = 0;
        boolean tooLong = false;
        while (true) {
            if (pos == limit && !fill()) {
                return n == 0 && !tooLong ? null : finish(out, n, tooLong, maxBytes);
            }
            byte b = buf[pos++];
            if (b == '\n') return finish(out, n, tooLong, maxBytes);
            if (tooLong) continue;
            if (n == maxBytes + 1) { // the spare byte only ever holds the CR of a CRLF
                tooLong = true;
                continue;
            }
            if (n == out.length) out = Arrays.copyOf(out, Math.min(out.length * 2, maxBytes + 1));
            out[n++] = b;
        }
    }

    /**
     * Passes exactly {@code length} bytes to {@code sink}, in pieces no larger than the buffer;
     * false when the stream ended first.
     */
    public boolean readExactly(long length, ByteSink sink) throws IOException {
        long left = length;
        while (left > 0) {
            if (pos == limit && !fill()) return false;
            int chunk = (int) Math.min(left, limit - pos);
            sink.accept(buf, pos, chunk);
            pos += chunk;
            left -= chunk;
        }
        return true;
    }

    /**
     * The next raw byte, or -1 at end of stream. For data whose end the protocol finds by scanning
     * (SMTP's dot-terminated DATA): the scanner takes bytes one at a time, so whatever follows the
     * end stays buffered here for the next line.
     */
    public int read() throws IOException {
        if (pos == limit && !fill()) return -1;
        return buf[pos++] & 0xff;
    }

    /**
     * Up to {@code len} bytes of raw input: what is buffered, else one read from the stream; -1 at end
     * of stream. For counted data read in pieces (SMTP's BDAT chunks) whose consumer never asks for
     * more than the count.
     */
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (pos == limit && !fill()) return -1;
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** How many bytes {@link #read} can hand out without touching the stream. */
    public int buffered() {
        return limit - pos;
    }

    /** True when bytes are already buffered: the client sent more before our answer. */
    public boolean hasBuffered() {
        return pos < limit;
    }

    /**
     * Throws away everything buffered and returns how many bytes that was. For STARTTLS: what the client sent
     * after the command, in the clear, must never be read as if it had come over the encrypted channel.
     */
    public int discardBuffered() {
        int n = limit - pos;
        pos = limit;
        return n;
    }

    private static Line finish(byte[] out, int n, boolean tooLong, int maxBytes) {
        if (!tooLong && n > 0 && out[n - 1] == '\r') n--;
        if (tooLong || n > maxBytes) return new Line(new byte[0], true);
        return new Line(Arrays.copyOf(out, n), false);
    }

    private boolean fill() throws IOException {
        int r = in.read(buf, 0, buf.length);
        if (r <= 0) return false;
        pos = 0;
        limit = r;
        return true;
    }
}

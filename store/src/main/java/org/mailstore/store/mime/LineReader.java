package org.mailstore.store.mime;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into LF-terminated lines while counting absolute offsets on the raw bytes, so that
 * bare-LF, CRLF and mixed mail all get exact ranges.
 *
 * <p>Memory does not grow with line length: the caller says how many leading bytes of each line it wants
 * ({@code keepLimit}); the rest is only counted, and for it the reader remembers just whether it was all
 * white space, which is all a boundary test needs. One instance reads one message; not thread-safe.
 */
final class LineReader {

    static final int BUFFER_BYTES = 64 * 1024;
    private static final int INITIAL_KEEP_BYTES = 256;

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int bufferPos;
    private int bufferLimit;
    private boolean eof;
    private long offset;
    private long lineFeeds;

    private long lineStart;
    private long lineFeedsBefore;
    private long lineLength;
    private int terminator;
    private int previousTerminator;
    private byte[] kept = new byte[INITIAL_KEEP_BYTES];
    private int keptLength;
    private boolean tailBlank;

    LineReader(InputStream in) {
        this.in = in;
    }

    /**
     * Reads the next line, keeping at most {@code keepLimit} of its leading bytes (terminator included
     * when it falls inside the limit).
     *
     * @return false at end of input, when no byte was left
     */
    boolean next(int keepLimit) throws IOException {
        previousTerminator = terminator;
        lineStart = offset;
        lineFeedsBefore = lineFeeds;
        lineLength = 0;
        terminator = 0;
        keptLength = 0;
        tailBlank = true;
        byte lastByte = 0;
        while (true) {
            if (bufferPos == bufferLimit && !fill()) {
                return lineLength > 0;
            }
            int lf = indexOfLineFeed();
            int end = lf >= 0 ? lf + 1 : bufferLimit;
            keep(bufferPos, end - bufferPos, keepLimit);
            if (lf >= 0) {
                boolean hasPrevious = lf > bufferPos || lineLength > 0;
                byte before = lf > bufferPos ? buffer[lf - 1] : lastByte;
                terminator = hasPrevious && before == '\r' ? 2 : 1;
            }
            lastByte = buffer[end - 1];
            lineLength += end - bufferPos;
            offset += end - bufferPos;
            bufferPos = end;
            if (lf >= 0) {
                lineFeeds++;
                return true;
            }
        }
    }

    private int indexOfLineFeed() {
        for (int i = bufferPos; i < bufferLimit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void keep(int from, int count, int keepLimit) {
        int wanted = Math.min(count, Math.max(0, keepLimit - keptLength));
        if (wanted > 0) {
            ensureKeepCapacity(keptLength + wanted);
            System.arraycopy(buffer, from, kept, keptLength, wanted);
            keptLength += wanted;
        }
        for (int i = from + wanted; tailBlank && i < from + count; i++) {
            byte b = buffer[i];
            tailBlank = b == ' ' || b == '\t' || b == '\r' || b == '\n';
        }
    }

    private void ensureKeepCapacity(int needed) {
        if (needed > kept.length) {
            byte[] bigger = new byte[Math.max(needed, kept.length * 2)];
            System.arraycopy(kept, 0, bigger, 0, keptLength);
            kept = bigger;
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            bufferPos = bufferLimit = 0;
            return false;
        }
        bufferPos = 0;
        bufferLimit = n;
        return true;
    }

    /** Where the next line will start: the end of everything read so far. */
    Position position() {
        return new Position(offset, lineFeeds);
    }

    Position lineStart() {
        return new Position(lineStart, lineFeedsBefore);
    }

    /** The end of the previous line's content, i.e. just before the line break that precedes this line. */
    Position beforePreviousLineBreak() {
        return previousTerminator == 0 ? lineStart()
                : new Position(lineStart - previousTerminator, lineFeedsBefore - 1);
    }

    long lineLength() {
        return lineLength;
    }

    /** Line bytes without the terminator. */
    long contentLength() {
        return lineLength - terminator;
    }

    boolean isBlank() {
        return lineLength > 0 && lineLength == terminator;
    }

    byte[] kept() {
        return kept;
    }

    int keptLength() {
        return keptLength;
    }

    /** Kept bytes that belong to the content (the terminator excluded). */
    int keptContentLength() {
        return (int) Math.min(keptLength, contentLength());
    }

    /** Whether the whole content was kept. */
    boolean contentComplete() {
        return keptContentLength() == contentLength();
    }

    /** Whether every byte beyond the kept ones was space, tab, CR or LF. */
    boolean tailBlank() {
        return tailBlank;
    }
}

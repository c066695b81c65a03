package org.mailstore.pop3d;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a message as the body of a POP3 multi-line response (RFC 1939 §3) while it streams
 * through, never holding more than the caller's chunk: a line that begins with "." gets a second
 * "." in front, every line ends in CRLF (a bare LF gets its CR, as Dovecot does), and for TOP the
 * output stops after the header, the blank line and the requested number of body lines.
 *
 * <p>Callers feed chunks with {@link #write} until it returns false (TOP has all it needs, so
 * the rest of the blob is never read) or the message ends, then call {@link #finish}, which ends
 * an unterminated last line and writes the terminating ".".
 */
final class MessageEncoder {
    /** Body line limit meaning "the whole message" (RETR). */
    static final long WHOLE_MESSAGE = -1;

    private final OutputStream out;
    private final long bodyLineLimit;
    private long bodyLinesLeft;
    private boolean atLineStart = true;
    private boolean previousCr;
    /** No byte but CR on the current line so far: the line that ends the header. */
    private boolean lineBlank = true;
    private boolean inBody;
    private boolean done;

    MessageEncoder(OutputStream out, long bodyLineLimit) {
        this.out = out;
        this.bodyLineLimit = bodyLineLimit;
        this.bodyLinesLeft = bodyLineLimit;
    }

    /** Encodes {@code b[off, off+len)}; false once TOP's lines are complete and nothing more is wanted. */
    boolean write(byte[] b, int off, int len) throws IOException {
        if (done) return false;
        int end = off + len;
        int run = off;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c == '\n') {
                out.write(b, run, i - run);
                if (!previousCr) out.write('\r');
                out.write('\n');
                run = i + 1;
                if (lineEnded()) {
                    done = true;
                    return false;
                }
                continue;
            }
            if (atLineStart && c == '.') {
                out.write(b, run, i - run);
                out.write('.');
                run = i;
            }
            atLineStart = false;
            lineBlank &= c == '\r';
            previousCr = c == '\r';
        }
        out.write(b, run, end - run);
        return true;
    }

    /** Ends an unterminated last line and writes the terminating ".". */
    void finish() throws IOException {
        if (!atLineStart) {
            if (!previousCr) out.write('\r');
            out.write('\n');
        }
        out.write(TERMINATOR);
    }

    private static final byte[] TERMINATOR = {'.', '\r', '\n'};

    /** Accounts for one finished line; true when TOP needs nothing more. */
    private boolean lineEnded() {
        boolean blank = lineBlank;
        atLineStart = true;
        previousCr = false;
        lineBlank = true;
        if (!inBody) {
            if (!blank) return false;
            inBody = true;
            return bodyLineLimit == 0;
        }
        return bodyLineLimit != WHOLE_MESSAGE && --bodyLinesLeft <= 0;
    }
}

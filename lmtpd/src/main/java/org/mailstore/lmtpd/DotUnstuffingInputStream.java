package org.mailstore.lmtpd;

import java.io.EOFException;
import java.io.IOException;
import org.mailstore.net.LineReader;

/**
 * The message after DATA (RFC 5321 §4.5.2): a line that is a single dot ends it, a leading dot is
 * removed from every other line. Lines may end in CRLF or bare LF, so {@code .\n} ends the message
 * too (Dovecot accepts it). Bytes are taken from the {@link LineReader} one at a time, so the
 * commands a pipelining client sends after the final dot stay there for the session; line length
 * is not limited here, only the total (by {@link MessageStream}).
 */
final class DotUnstuffingInputStream extends MessageStream {
    private enum State { LINE_START, IN_LINE, DOT, DOT_CR }

    private final LineReader reader;
    private State state = State.LINE_START;
    private int pending = -1;

    DotUnstuffingInputStream(LineReader reader, long limit) {
        super(limit);
        this.reader = reader;
    }

    @Override
    protected int next() throws IOException {
        if (pending >= 0) {
            int p = pending;
            pending = -1;
            return p;
        }
        while (true) {
            int b = reader.read();
            if (b < 0) throw new EOFException("connection closed before the end of DATA");
            switch (state) {
                case LINE_START -> {
                    if (b == '.') {
                        state = State.DOT;
                        continue;
                    }
                    state = b == '\n' ? State.LINE_START : State.IN_LINE;
                    return b;
                }
                case IN_LINE -> {
                    if (b == '\n') state = State.LINE_START;
                    return b;
                }
                case DOT -> {
                    if (b == '\r') {
                        state = State.DOT_CR;
                        continue;
                    }
                    if (b == '\n') return -1;
                    state = State.IN_LINE; // the leading dot was stuffing: drop it, keep the rest
                    return b;
                }
                case DOT_CR -> {
                    if (b == '\n') return -1;
                    // ".\r" then more: a line starting ".\r", the dot was stuffing
                    state = State.IN_LINE;
                    pending = b;
                    return '\r';
                }
            }
        }
    }

    @Override
    protected int ready() {
        return (pending >= 0 ? 1 : 0) + reader.buffered();
    }
}

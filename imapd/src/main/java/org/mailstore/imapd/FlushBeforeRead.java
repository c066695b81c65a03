package org.mailstore.imapd;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The connection's input, which flushes the session's pending responses whenever it is about to wait for the
 * client. Responses are written to a buffer and go out exactly when the server has nothing left to do but read:
 * a pipelined batch costs one write, and no response can sit in the buffer while the client waits for it (as it
 * could if the session guessed from buffered input, which may hold only part of the next command).
 *
 * <p>While IDLE has handed the writer to its pusher thread, {@link #paused} stops the flushing, so only one thread
 * ever touches the writer.
 */
final class FlushBeforeRead extends FilterInputStream {
    private final ResponseWriter out;
    private volatile boolean paused;

    FlushBeforeRead(InputStream in, ResponseWriter out) {
        super(in);
        this.out = out;
    }

    void paused(boolean paused) {
        this.paused = paused;
    }

    @Override
    public int read() throws IOException {
        flush();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        flush();
        return super.read(b, off, len);
    }

    private void flush() throws IOException {
        if (!paused) out.flush();
    }
}

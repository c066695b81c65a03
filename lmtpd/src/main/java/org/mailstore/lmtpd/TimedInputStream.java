package org.mailstore.lmtpd;

import java.io.FilterInputStream;
import java.io.Flushable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.mailstore.net.CommandDeadline;

/**
 * The connection's input as the session sees it. Two jobs, both done where the session is about to
 * wait for the client:
 * <ul>
 * <li>Replies are flushed first. The {@code LineReader} reads the socket only once everything the
 *     client sent is used up, so buffered replies go out exactly when the client has nothing more
 *     queued: a pipelining client (RFC 2920) gets its replies in one write, and no client ever waits
 *     for a reply we are still holding.
 * <li>Each read waits at most the idle timeout, and never past the session's deadline, so a client
 *     that trickles one byte at a time cannot outlive its session either. Below this, the
 *     {@link CommandDeadline} bounds each command (DATA and BDAT with their message) from its first
 *     byte and sets the socket timeout before every read.
 * </ul>
 */
final class TimedInputStream extends FilterInputStream {
    private final CommandDeadline deadline;
    private final Flushable replies;
    private final long idleMillis;
    private final long deadlineNanos;
    private boolean sessionExpired;

    TimedInputStream(CommandDeadline deadline, Flushable replies, long idleMillis, long deadlineNanos) {
        super(deadline);
        this.deadline = deadline;
        this.replies = replies;
        this.idleMillis = idleMillis;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public int read() throws IOException {
        arm();
        return expiring(() -> super.read());
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        return expiring(() -> super.read(b, off, len));
    }

    /** True when the session's time, not the idle timeout, ended a read. */
    boolean sessionExpired() {
        return sessionExpired;
    }

    private void arm() throws IOException {
        replies.flush();
        long leftMillis = Math.ceilDiv(deadlineNanos - System.nanoTime(), 1_000_000L);
        if (leftMillis <= 0) {
            sessionExpired = true;
            throw new SocketTimeoutException("session time limit reached");
        }
        deadline.idleTimeout(Duration.ofMillis(Math.min(idleMillis, leftMillis)));
    }

    private interface Read {
        int run() throws IOException;
    }

    private int expiring(Read r) throws IOException {
        try {
            return r.run();
        } catch (SocketTimeoutException e) {
            if (System.nanoTime() - deadlineNanos >= 0) sessionExpired = true;
            throw e;
        }
    }
}

package org.mailstore.lmtpd;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * The connection's input with both timeouts: each read waits at most the idle timeout, and never
 * past the session's deadline, so a client that trickles one byte at a time cannot outlive its
 * session either. Setting the socket timeout per read is cheap (a field on JDK sockets).
 */
final class TimedInputStream extends FilterInputStream {
    private final Socket socket;
    private final long idleMillis;
    private final long deadlineNanos;
    private boolean sessionExpired;

    TimedInputStream(Socket socket, InputStream in, long idleMillis, long deadlineNanos) {
        super(in);
        this.socket = socket;
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
        long leftMillis = Math.ceilDiv(deadlineNanos - System.nanoTime(), 1_000_000L);
        if (leftMillis <= 0) {
            sessionExpired = true;
            throw new SocketTimeoutException("session time limit reached");
        }
        socket.setSoTimeout((int) Math.min(idleMillis, Math.min(leftMillis, Integer.MAX_VALUE)));
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

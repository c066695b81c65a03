package org.mailstore.net;

import java.io.FilterInputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The connection's input with two clocks. The idle timeout bounds each wait for the client, as a socket timeout
 * does. The command deadline bounds a whole command: it starts at the command's first byte, allows
 * {@link CommandTimeouts} (the fixed time, never more than the idle timeout, plus time earned per byte), and a read
 * past it throws {@link CommandTimeoutException}. Without it a client that sends one byte every few seconds resets
 * the idle timeout forever and holds its session, buffers and, while logged in, its locks.
 *
 * <p>The session owns the boundaries: it calls {@link #nextCommand} before it waits for a command or a
 * continuation line (an AUTHENTICATE response, IMAP's DONE), so the time a client thinks between commands is idle
 * time, and IDLE stays bounded only by the autologout. Everything read until the next call belongs to the command
 * that started the clock: an IMAP command with its literals, an LMTP DATA or BDAT with its message.
 *
 * <p>Only the session's thread reads. The socket timeout is set before every read (a field on JDK sockets), so
 * whoever else sets it on this connection is overridden: set the idle timeout here instead.
 */
public final class CommandDeadline extends FilterInputStream {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final Connection connection;
    private final CommandTimeouts limits;
    private long idleMillis;
    private boolean armed;
    private long startNanos;
    private long deadlineNanos;
    private long receivedBytes;

    /** Reads {@link Connection#input()}, so it survives STARTTLS and COMPRESS. */
    public CommandDeadline(Connection connection, CommandTimeouts limits, Duration idleTimeout) {
        super(connection.input());
        this.connection = connection;
        this.limits = limits;
        idleTimeout(idleTimeout);
    }

    /** The longest silence allowed from now on; it also caps the fixed part of the next command's deadline. */
    public void idleTimeout(Duration d) {
        idleMillis = Math.max(1, Math.min(d.toMillis(), Integer.MAX_VALUE));
    }

    /**
     * The session is about to wait for a new command: the clock stops and starts again at its first byte. When the
     * reader already holds bytes of it ({@code alreadyStarted}: the client pipelined), it starts now.
     */
    public void nextCommand(boolean alreadyStarted) {
        armed = false;
        receivedBytes = 0;
        if (alreadyStarted) arm(System.nanoTime());
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long wait = idleMillis;
        if (armed) {
            long left = Math.ceilDiv(deadlineNanos - System.nanoTime(), NANOS_PER_MILLI);
            if (left <= 0) throw expired();
            wait = Math.min(wait, left);
        }
        connection.socket().setSoTimeout((int) wait);
        int n;
        try {
            n = super.read(b, off, len);
        } catch (SocketTimeoutException e) {
            if (armed && System.nanoTime() - deadlineNanos >= 0) throw expired();
            throw e;
        }
        if (n > 0) {
            if (!armed) arm(System.nanoTime());
            receivedBytes += n;
            deadlineNanos += limits.earnedNanos(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // FilterInputStream would skip on the raw stream without the clock; reading keeps both clocks honest
        byte[] scratch = new byte[(int) Math.min(n, 1024)];
        int r = read(scratch, 0, scratch.length);
        return Math.max(r, 0);
    }

    private void arm(long now) {
        armed = true;
        startNanos = now;
        deadlineNanos = now + Math.min(limits.commandTimeout().toMillis(), idleMillis) * NANOS_PER_MILLI;
    }

    private CommandTimeoutException expired() {
        long ms = (System.nanoTime() - startNanos) / NANOS_PER_MILLI;
        return new CommandTimeoutException("command incomplete " + ms + " ms after its first byte (" + receivedBytes
                + " bytes received)", receivedBytes);
    }
}

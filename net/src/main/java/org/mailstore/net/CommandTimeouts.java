package org.mailstore.net;

import java.time.Duration;

/**
 * How long a client may take to send one command, measured from its first byte (see {@link CommandDeadline}).
 * A command of {@code n} bytes must arrive within {@code commandTimeout + n / minBytesPerSecond}: lines and small
 * literals get the fixed time, a large upload (IMAP APPEND, LMTP DATA or BDAT) earns time with every byte, so an
 * honest slow link still finishes while a client that trickles a byte every few seconds is cut off. This is
 * Postfix's {@code smtpd_per_request_deadline} with {@code smtpd_min_data_rate}, applied to every command.
 *
 * @param commandTimeout    time for a command whatever its size; never more than the session's idle timeout
 * @param minBytesPerSecond the slowest average rate that still earns more time
 */
public record CommandTimeouts(Duration commandTimeout, long minBytesPerSecond) {
    /** Postfix's smtpd_timeout, which with per-request deadlines bounds a whole command line; Dovecot's output timeout. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(5);
    /**
     * 1 KiB/s (8 kbit/s, twice Postfix's 500 B/s): a 50 MB message may take up to 14 hours, so any working link
     * delivers it, while one connection sending a byte every second earns a millisecond per byte.
     */
    public static final long DEFAULT_MIN_BYTES_PER_SECOND = 1024;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    public CommandTimeouts {
        if (commandTimeout == null || commandTimeout.toMillis() < 1) throw new IllegalArgumentException("commandTimeout must be >= 1 ms");
        if (minBytesPerSecond < 1) throw new IllegalArgumentException("minBytesPerSecond must be >= 1");
    }

    public static CommandTimeouts defaults() {
        return new CommandTimeouts(DEFAULT_COMMAND_TIMEOUT, DEFAULT_MIN_BYTES_PER_SECOND);
    }

    public CommandTimeouts withCommandTimeout(Duration v) {
        return new CommandTimeouts(v, minBytesPerSecond);
    }

    public CommandTimeouts withMinBytesPerSecond(long v) {
        return new CommandTimeouts(commandTimeout, v);
    }

    /** The time {@code bytes} received bytes add to the deadline. */
    long earnedNanos(int bytes) {
        return bytes * NANOS_PER_SECOND / minBytesPerSecond;
    }
}

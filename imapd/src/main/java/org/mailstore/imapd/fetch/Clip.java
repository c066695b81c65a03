package org.mailstore.imapd.fetch;

import java.util.Arrays;

/**
 * The partial {@code <origin.count>} of a fetch (RFC 9051 §6.4.5), clipped to the data it applies to: an origin
 * past the end gives no bytes, a count past the end gives what is there. {@link #WHOLE} applies none.
 */
public record Clip(long origin, long count) {
    public static final Clip WHOLE = new Clip(0, Long.MAX_VALUE);

    public Clip {
        if (origin < 0 || count < 0) throw new IllegalArgumentException("negative partial " + origin + "." + count);
    }

    /** Offset into data of {@code length} bytes at which the clipped piece starts. */
    long start(long length) {
        return Math.min(origin, length);
    }

    /** Bytes of the clipped piece of data of {@code length} bytes. */
    long length(long length) {
        long start = start(length);
        return Math.min(count, length - start);
    }

    byte[] apply(byte[] data) {
        int start = (int) start(data.length);
        int length = (int) length(data.length);
        return start == 0 && length == data.length ? data : Arrays.copyOfRange(data, start, start + length);
    }
}

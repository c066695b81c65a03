package org.mailstore.imapd.parse;

/**
 * A literal announced at the end of a line: {@code {n}} (synchronizing), {@code {n+}} (non-synchronizing, RFC
 * 7888) or {@code ~{n}} (literal8, RFC 3516). {@code start} is where the announcement begins in the line.
 * Counts too large for a long saturate to {@link Long#MAX_VALUE}: they are refused by size anyway.
 */
record LiteralAnnouncement(int start, long size, boolean synchronizing, boolean binary) {
    /** Eighteen digits always fit a long; more cannot be a size we would accept. */
    private static final int MAX_DIGITS = 18;

    /** The announcement ending {@code line}, or null when the line does not end with one. */
    static LiteralAnnouncement atEndOf(byte[] line) {
        int end = line.length - 1;
        if (end < 2 || line[end] != '}') return null;
        int i = end - 1;
        boolean synchronizing = true;
        if (line[i] == '+') {
            synchronizing = false;
            i--;
        }
        int lastDigit = i;
        while (i >= 0 && line[i] >= '0' && line[i] <= '9') i--;
        int digits = lastDigit - i;
        if (digits == 0 || i < 0 || line[i] != '{') return null;
        int start = i;
        boolean binary = start > 0 && line[start - 1] == '~';
        if (binary) start--;
        long size = 0;
        if (digits > MAX_DIGITS) {
            size = Long.MAX_VALUE;
        } else {
            for (int d = i + 1; d <= lastDigit; d++) size = size * 10 + (line[d] - '0');
        }
        return new LiteralAnnouncement(start, size, synchronizing, binary);
    }
}

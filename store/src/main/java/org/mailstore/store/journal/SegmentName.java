package org.mailstore.store.journal;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a segment file: {@code <instance>-<sequence, 12 digits>.journal}. The instance id is in the name so that
 * several stateless servers can share one journal directory without ever writing to the same file (DESIGN.md, "Scaling
 * out"); the zero-padded sequence keeps one instance's segments in order.
 */
record SegmentName(String instanceId, long sequence) implements Comparable<SegmentName> {

    static final String SUFFIX = ".journal";
    static final int MAX_INSTANCE_ID_LENGTH = 64;
    static final int SEQUENCE_DIGITS = 12;
    static final long MAX_SEQUENCE = 999_999_999_999L;

    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_INSTANCE_ID_LENGTH + "}");
    // Greedy instance part, so an instance id that itself contains "-digits" still parses at the last dash.
    private static final Pattern FILE_NAME = Pattern.compile(
            "(" + INSTANCE_ID.pattern() + ")-([0-9]{" + SEQUENCE_DIGITS + "})" + Pattern.quote(SUFFIX));
    private static final Comparator<SegmentName> ORDER =
            Comparator.comparing(SegmentName::instanceId).thenComparingLong(SegmentName::sequence);

    SegmentName {
        requireValidInstanceId(instanceId);
        if (sequence < 1 || sequence > MAX_SEQUENCE) {
            throw new IllegalArgumentException("segment sequence out of range 1.." + MAX_SEQUENCE + ": " + sequence);
        }
    }

    /** Instance ids end up in file names on shared storage, so only a small, portable character set is allowed. */
    static String requireValidInstanceId(String instanceId) {
        Objects.requireNonNull(instanceId, "instanceId");
        if (!INSTANCE_ID.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("journal instance id must be 1.." + MAX_INSTANCE_ID_LENGTH
                    + " characters of [A-Za-z0-9_.-], got \"" + printable(instanceId) + "\"");
        }
        return instanceId;
    }

    static Optional<SegmentName> parse(String fileName) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        long sequence = Long.parseLong(m.group(2));
        return sequence < 1 ? Optional.empty() : Optional.of(new SegmentName(m.group(1), sequence));
    }

    String fileName() {
        return instanceId + "-" + String.format("%0" + SEQUENCE_DIGITS + "d", sequence) + SUFFIX;
    }

    SegmentName next() {
        return new SegmentName(instanceId, sequence + 1);
    }

    @Override
    public int compareTo(SegmentName other) {
        return ORDER.compare(this, other);
    }

    // The id is echoed into an exception message that may reach a log; keep control characters out of it.
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(MAX_INSTANCE_ID_LENGTH + 1L)
                .forEach(c -> b.append(Character.isISOControl(c) ? "\\u%04x".formatted(c) : Character.toString(c)));
        return b.toString();
    }
}

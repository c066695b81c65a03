package org.mailstore.store.journal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the fields {@link PayloadWriter} wrote. Every count is checked against the bytes actually left before anything
 * is allocated, so a corrupt count cannot make the reader allocate more than the record's own size.
 */
final class PayloadReader {

    private static final int MAX_NANOS = 999_999_999;

    private final ByteBuffer in;

    PayloadReader(ByteBuffer payload) {
        this.in = payload;
    }

    long getLong() throws CorruptJournalException {
        need(Long.BYTES, "long");
        return in.getLong();
    }

    Instant getInstant() throws CorruptJournalException {
        long seconds = getLong();
        need(Integer.BYTES, "instant");
        int nanos = in.getInt();
        if (nanos < 0 || nanos > MAX_NANOS || seconds < Instant.MIN.getEpochSecond()
                || seconds > Instant.MAX.getEpochSecond()) {
            throw new CorruptJournalException("instant out of range: " + seconds + "s " + nanos + "ns");
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    String getString() throws CorruptJournalException {
        byte[] utf8 = getBytes(RecordFrame.MAX_STRING_BYTES);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new CorruptJournalException("string is not valid UTF-8");
        }
    }

    List<String> getStrings() throws CorruptJournalException {
        int count = getCount(RecordFrame.MAX_STRINGS, RecordFrame.countWidth(RecordFrame.MAX_STRING_BYTES));
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(getString());
        }
        return values;
    }

    byte[] getHash() throws CorruptJournalException {
        return getBytes(RecordFrame.MAX_HASH_BYTES);
    }

    long[] getLongs(int max) throws CorruptJournalException {
        int count = getCount(max, Long.BYTES);
        long[] values = new long[count];
        in.asLongBuffer().get(values);
        in.position(in.position() + count * Long.BYTES);
        return values;
    }

    void requireEnd() throws CorruptJournalException {
        if (in.hasRemaining()) {
            throw new CorruptJournalException(in.remaining() + " unexpected bytes after the last field");
        }
    }

    private byte[] getBytes(int max) throws CorruptJournalException {
        byte[] bytes = new byte[getCount(max, 1)];
        in.get(bytes);
        return bytes;
    }

    /** Reads a count and checks that {@code count * minElementBytes} bytes are really there. */
    private int getCount(int max, int minElementBytes) throws CorruptJournalException {
        int width = RecordFrame.countWidth(max);
        need(width, "count");
        long count = 0;
        for (int i = 0; i < width; i++) {
            count = (count << 8) | (in.get() & 0xFF);
        }
        if (count > max) {
            throw new CorruptJournalException("count " + count + " exceeds the limit of " + max);
        }
        need(count * minElementBytes, "elements");
        return (int) count;
    }

    private void need(long bytes, String what) throws CorruptJournalException {
        if (in.remaining() < bytes) {
            throw new CorruptJournalException("payload ends inside " + what + " (needs " + bytes + " bytes, "
                    + in.remaining() + " left)");
        }
    }
}

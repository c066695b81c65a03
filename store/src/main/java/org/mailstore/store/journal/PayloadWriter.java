package org.mailstore.store.journal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Big-endian field encoder for one framed record. It leaves room for the frame's length and type in front, so the
 * finished record is one array, written to the segment in one call. Values that do not fit a field's bounds are the
 * caller's bug and fail with {@link IllegalArgumentException}, before anything reaches the disk.
 */
final class PayloadWriter {

    private static final int INITIAL_CAPACITY = 256;

    private byte[] buf = new byte[INITIAL_CAPACITY];
    private int pos = RecordFrame.HEADER_BYTES;

    PayloadWriter putLong(long v) {
        ensure(Long.BYTES);
        ByteBuffer.wrap(buf, pos, Long.BYTES).putLong(v);
        pos += Long.BYTES;
        return this;
    }

    PayloadWriter putInstant(Instant t) {
        putLong(t.getEpochSecond());
        ensure(Integer.BYTES);
        ByteBuffer.wrap(buf, pos, Integer.BYTES).putInt(t.getNano());
        pos += Integer.BYTES;
        return this;
    }

    PayloadWriter putString(String s, String field) {
        ByteBuffer encoded;
        try {
            // A fresh encoder reports unpaired surrogates instead of writing '?' like String.getBytes would.
            encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(s));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(field + " is not valid Unicode (unpaired surrogate)", e);
        }
        byte[] utf8 = new byte[encoded.remaining()];
        encoded.get(utf8);
        return putBytes(utf8, RecordFrame.MAX_STRING_BYTES, field);
    }

    PayloadWriter putStrings(List<String> values, String field) {
        putCount(values.size(), RecordFrame.MAX_STRINGS, field);
        for (String v : values) {
            putString(v, field);
        }
        return this;
    }

    PayloadWriter putHash(byte[] hash, String field) {
        return putBytes(hash, RecordFrame.MAX_HASH_BYTES, field);
    }

    PayloadWriter putLongs(long[] values, int max, String field) {
        putCount(values.length, max, field);
        ensure(Math.multiplyExact(values.length, Long.BYTES));
        ByteBuffer.wrap(buf, pos, values.length * Long.BYTES).asLongBuffer().put(values);
        pos += values.length * Long.BYTES;
        return this;
    }

    /** Completes the frame (length, type, CRC32C) and returns it; the writer must not be used afterwards. */
    byte[] finish(RecordType type) {
        ensure(RecordFrame.CRC_BYTES);
        int payloadLength = pos - RecordFrame.HEADER_BYTES;
        ByteBuffer frame = ByteBuffer.wrap(buf);
        frame.putInt(0, payloadLength).put(Integer.BYTES, (byte) type.code);
        frame.putInt(pos, RecordFrame.checksum(buf, Integer.BYTES, RecordFrame.TYPE_BYTES + payloadLength));
        pos += RecordFrame.CRC_BYTES;
        if (pos > RecordFrame.MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("journal record of " + pos + " bytes exceeds the limit of "
                    + RecordFrame.MAX_RECORD_BYTES + " bytes (" + type + ")");
        }
        return Arrays.copyOf(buf, pos);
    }

    private PayloadWriter putBytes(byte[] bytes, int max, String field) {
        putCount(bytes.length, max, field);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
        return this;
    }

    /** Counts and lengths take as many bytes as their maximum needs: 1, 2 or 4. */
    private void putCount(int count, int max, String field) {
        if (count > max) {
            throw new IllegalArgumentException(field + " has " + count + " elements or bytes, more than the journal's "
                    + "limit of " + max);
        }
        int width = RecordFrame.countWidth(max);
        ensure(width);
        for (int i = width - 1; i >= 0; i--) {
            buf[pos++] = (byte) (count >>> (8 * i));
        }
    }

    private void ensure(int more) {
        int needed = pos + more;
        if (needed > RecordFrame.MAX_RECORD_BYTES || needed < 0) {
            throw new IllegalArgumentException("journal record exceeds the limit of " + RecordFrame.MAX_RECORD_BYTES
                    + " bytes");
        }
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(needed, Math.min(buf.length * 2, RecordFrame.MAX_RECORD_BYTES)));
        }
    }
}

package org.mailstore.store.journal;

import java.util.zip.CRC32C;

/**
 * Framing of one record in a segment: {@code length (u32) | type (u8) | payload (length bytes) | CRC32C (u32)}, the
 * checksum covering type and payload. Field bounds live here because writer and reader must agree on them.
 */
final class RecordFrame {

    static final int LENGTH_BYTES = Integer.BYTES;
    static final int TYPE_BYTES = 1;
    static final int HEADER_BYTES = LENGTH_BYTES + TYPE_BYTES;
    static final int CRC_BYTES = Integer.BYTES;
    static final int OVERHEAD_BYTES = HEADER_BYTES + CRC_BYTES;

    /** A whole framed record; anything larger is a bug in the caller, and on disk a sign of corruption. */
    static final int MAX_RECORD_BYTES = 16 << 20;
    static final int MAX_STRING_BYTES = 0xFFFF;
    static final int MAX_STRINGS = 0xFFFF;
    static final int MAX_HASH_BYTES = 0xFF;

    private RecordFrame() {
    }

    static int checksum(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    /** Bytes used on disk by a count or length whose largest allowed value is {@code max}. */
    static int countWidth(int max) {
        if (max <= 0xFF) {
            return 1;
        }
        return max <= 0xFFFF ? 2 : 4;
    }
}

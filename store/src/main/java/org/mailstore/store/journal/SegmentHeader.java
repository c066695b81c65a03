package org.mailstore.store.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The first bytes of every segment (layout in docs/journal-format.md). The magic and the format version come first and
 * keep their place in every version, so any reader can tell "not a journal", "a journal from the future" and "a journal I
 * can read" apart before it interprets anything else.
 */
record SegmentHeader(int version, String instanceId, long sequence, Instant createdAt) {

    /** PNG-style: a high byte and CR LF / SUB / LF, so text-mode transfers and truncation to 7 bits are detected. */
    static final byte[] MAGIC = {(byte) 0x89, 'M', 'S', 'J', '\r', '\n', 0x1A, '\n'};
    static final int CURRENT_VERSION = 1;
    /** Every older version this reader still decodes; raise only together with a documented migration. */
    static final int OLDEST_READABLE_VERSION = 1;

    private static final int VERSION_BYTES = Short.BYTES;
    private static final int ID_LENGTH_BYTES = 1;
    private static final int PREFIX_BYTES = MAGIC.length + VERSION_BYTES + ID_LENGTH_BYTES;
    // sequence, created-at seconds, created-at nanos, CRC32C
    private static final int SUFFIX_BYTES = Long.BYTES + Long.BYTES + Integer.BYTES + Integer.BYTES;

    static SegmentHeader current(SegmentName name, Instant createdAt) {
        return new SegmentHeader(CURRENT_VERSION, name.instanceId(), name.sequence(), createdAt);
    }

    int size() {
        return PREFIX_BYTES + instanceId.length() + SUFFIX_BYTES;
    }

    ByteBuffer encode() {
        byte[] id = instanceId.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(size());
        b.put(MAGIC).putShort((short) version).put((byte) id.length).put(id)
                .putLong(sequence).putLong(createdAt.getEpochSecond()).putInt(createdAt.getNano());
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    /**
     * Fails if {@code file} is a segment of a newer format; anything else, including damage, is left to {@link #read}.
     * Lets a reader refuse before it has handed out a single record.
     */
    static void requireReadableVersion(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] prefix = in.readNBytes(MAGIC.length + VERSION_BYTES);
            if (prefix.length == MAGIC.length + VERSION_BYTES && hasMagic(prefix) && version(prefix) > CURRENT_VERSION) {
                throw new JournalVersionException(file, version(prefix));
            }
        }
    }

    /**
     * Reads and checks the header at the start of {@code in}.
     *
     * @throws JournalVersionException if the segment is of a newer format than this build reads
     * @throws CorruptJournalException if the bytes are not a complete, intact version-1 header
     */
    static SegmentHeader read(InputStream in, Path file) throws IOException {
        byte[] prefix = in.readNBytes(PREFIX_BYTES);
        if (!hasMagic(prefix)) {
            throw new CorruptJournalException(prefix.length == 0 ? "empty file" : "not a journal segment (bad magic)");
        }
        if (prefix.length < PREFIX_BYTES) {
            throw new CorruptJournalException("header truncated after " + prefix.length + " bytes");
        }
        int version = version(prefix);
        if (version > CURRENT_VERSION) {
            throw new JournalVersionException(file, version);
        }
        if (version < OLDEST_READABLE_VERSION) {
            throw new CorruptJournalException("invalid format version " + version);
        }
        int idLength = prefix[PREFIX_BYTES - 1] & 0xFF;
        byte[] rest = in.readNBytes(idLength + SUFFIX_BYTES);
        if (rest.length < idLength + SUFFIX_BYTES) {
            throw new CorruptJournalException("header truncated after " + (prefix.length + rest.length) + " bytes");
        }
        CRC32C crc = new CRC32C();
        crc.update(prefix);
        crc.update(rest, 0, rest.length - Integer.BYTES);
        ByteBuffer fields = ByteBuffer.wrap(rest);
        int stored = fields.getInt(rest.length - Integer.BYTES);
        if (stored != (int) crc.getValue()) {
            throw new CorruptJournalException("header checksum mismatch");
        }
        return decodeFields(version, fields, idLength);
    }

    private static boolean hasMagic(byte[] prefix) {
        return prefix.length >= MAGIC.length && Arrays.equals(prefix, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    private static int version(byte[] prefix) {
        return ByteBuffer.wrap(prefix, MAGIC.length, VERSION_BYTES).getShort() & 0xFFFF;
    }

    private static SegmentHeader decodeFields(int version, ByteBuffer fields, int idLength) throws CorruptJournalException {
        byte[] id = new byte[idLength];
        fields.get(id);
        try {
            String instanceId = SegmentName.requireValidInstanceId(new String(id, StandardCharsets.US_ASCII));
            long sequence = fields.getLong();
            Instant createdAt = Instant.ofEpochSecond(fields.getLong(), fields.getInt());
            return new SegmentHeader(version, instanceId, sequence, createdAt);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new CorruptJournalException("invalid header field: " + e.getMessage());
        }
    }
}

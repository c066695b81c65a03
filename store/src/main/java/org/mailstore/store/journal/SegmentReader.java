package org.mailstore.store.journal;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the records of one segment in order, holding one record in memory at a time.
 *
 * <p>A crash leaves at most a torn last record; bit rot or a bad copy can leave a bad record anywhere. Both look the same
 * from here, so the first record that is incomplete, fails its checksum or does not decode ends the segment: the reader
 * logs one warning naming the segment and offset and reports no further records from this file. It never resynchronises
 * past a bad record, because a length field it cannot trust gives it no reliable place to resume.
 */
final class SegmentReader implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(SegmentReader.class);
    private static final int BUFFER_BYTES = 64 << 10;

    private final SegmentName name;
    private final InputStream in;
    private final long size;
    private long offset;
    private boolean finished;

    private SegmentReader(SegmentName name, InputStream in, long size) {
        this.name = name;
        this.in = in;
        this.size = size;
    }

    /** @throws JournalVersionException if the segment is of a newer format; corruption is only logged */
    static SegmentReader open(Path dir, SegmentName name) throws IOException {
        Path file = dir.resolve(name.fileName());
        long size = Files.size(file);
        InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
        SegmentReader reader = new SegmentReader(name, in, size);
        try {
            reader.readHeader(file);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return reader;
    }

    /** The next intact record, or empty at the end of the segment or at the first bad record. */
    Optional<JournalEntry> next() throws IOException {
        if (finished || offset == size) {
            finished = true;
            return Optional.empty();
        }
        try {
            JournalEntry entry = readRecord();
            return Optional.of(entry);
        } catch (CorruptJournalException e) {
            stop(e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void readHeader(Path file) throws IOException {
        SegmentHeader header;
        try {
            header = SegmentHeader.read(in, file);
        } catch (CorruptJournalException e) {
            stop(e.getMessage());
            return;
        }
        if (!header.instanceId().equals(name.instanceId()) || header.sequence() != name.sequence()) {
            log.warn("journal segment {} says it is segment {} of instance {}; reading its records anyway",
                    name.fileName(), header.sequence(), header.instanceId());
        }
        offset = header.size();
    }

    /** Leaves {@link #offset} at the record's start when it fails, so the warning names where the bad record begins. */
    private JournalEntry readRecord() throws IOException {
        byte[] head = new byte[RecordFrame.HEADER_BYTES];
        readFully(head, 0, head.length, "record header");
        long payloadLength = ByteBuffer.wrap(head).getInt() & 0xFFFF_FFFFL;
        long recordLength = payloadLength + RecordFrame.OVERHEAD_BYTES;
        if (recordLength > RecordFrame.MAX_RECORD_BYTES) {
            throw new CorruptJournalException("record length " + recordLength + " exceeds the limit of "
                    + RecordFrame.MAX_RECORD_BYTES + " bytes");
        }
        // Checked before allocating, so a garbage length costs nothing.
        if (offset + recordLength > size) {
            throw new CorruptJournalException("record of " + recordLength + " bytes runs past the end of the file ("
                    + size + " bytes)");
        }
        byte[] body = new byte[RecordFrame.TYPE_BYTES + (int) payloadLength];
        body[0] = head[RecordFrame.LENGTH_BYTES];
        readFully(body, RecordFrame.TYPE_BYTES, (int) payloadLength, "payload");
        byte[] crc = new byte[RecordFrame.CRC_BYTES];
        readFully(crc, 0, crc.length, "checksum");
        if (ByteBuffer.wrap(crc).getInt() != RecordFrame.checksum(body, 0, body.length)) {
            throw new CorruptJournalException("record checksum mismatch");
        }
        int code = body[0] & 0xFF;
        RecordType type = RecordType.ofCode(code)
                .orElseThrow(() -> new CorruptJournalException("unknown record type " + code));
        JournalRecord record = RecordCodec.decode(type,
                ByteBuffer.wrap(body, RecordFrame.TYPE_BYTES, (int) payloadLength).slice());
        JournalEntry entry = new JournalEntry(new JournalPosition(name.fileName(), offset), record);
        offset += recordLength;
        return entry;
    }

    private void readFully(byte[] into, int from, int length, String what) throws IOException {
        if (in.readNBytes(into, from, length) < length) {
            throw new CorruptJournalException("file ends inside the " + what);
        }
    }

    private void stop(String reason) {
        finished = true;
        log.warn("journal segment {} offset {}: {}; ignoring the rest of this segment", name.fileName(), offset, reason);
    }
}

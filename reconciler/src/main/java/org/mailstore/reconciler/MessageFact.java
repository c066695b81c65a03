package org.mailstore.reconciler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mailstore.blobstore.BlobId;

/**
 * What the journal says about one UID of one mailbox: appended (with blob, date, size, flags) or
 * expunged. Encoded so that byte order is (journal mailbox, UID, kind, MODSEQ, time) order: an
 * {@link ExternalSort} of the encodings groups a mailbox's facts and orders them by UID.
 *
 * @param mailbox index of the {@link JournalMailbox}
 */
record MessageFact(int mailbox, long uid, Kind kind, long modseq, Instant at, BlobId blob, Instant internalDate, long size,
                   List<String> flags) {
    enum Kind { APPENDED, EXPUNGED }

    static MessageFact appended(int mailbox, long uid, long modseq, Instant at, BlobId blob, Instant internalDate, long size,
                                List<String> flags) {
        return new MessageFact(mailbox, uid, Kind.APPENDED, modseq, at, blob, internalDate, size, List.copyOf(flags));
    }

    static MessageFact expunged(int mailbox, long uid, long modseq, Instant at) {
        return new MessageFact(mailbox, uid, Kind.EXPUNGED, modseq, at, null, null, 0, List.of());
    }

    byte[] encode() {
        List<byte[]> names = flags.stream().map(f -> f.getBytes(StandardCharsets.UTF_8)).toList();
        int size = 4 + 8 + 1 + 8 + 12 + (kind == Kind.APPENDED ? BlobId.LENGTH + 12 + 8 + 2 + names.stream().mapToInt(n -> 2 + n.length).sum() : 0);
        ByteBuffer b = ByteBuffer.allocate(size);
        // mailbox, uid and modseq are non-negative, so big-endian bytes sort as the numbers do
        b.putInt(mailbox).putLong(uid).put((byte) kind.ordinal()).putLong(modseq);
        b.putLong(at.getEpochSecond()).putInt(at.getNano());
        if (kind == Kind.APPENDED) {
            b.put(blob.bytes());
            b.putLong(internalDate.getEpochSecond()).putInt(internalDate.getNano());
            b.putLong(this.size);
            b.putShort((short) names.size());
            for (byte[] n : names) b.putShort((short) n.length).put(n);
        }
        return b.array();
    }

    static MessageFact decode(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int mailbox = b.getInt();
        long uid = b.getLong();
        Kind kind = Kind.values()[b.get()];
        long modseq = b.getLong();
        Instant at = Instant.ofEpochSecond(b.getLong(), b.getInt());
        if (kind == Kind.EXPUNGED) return expunged(mailbox, uid, modseq, at);
        byte[] hash = new byte[BlobId.LENGTH];
        b.get(hash);
        Instant date = Instant.ofEpochSecond(b.getLong(), b.getInt());
        long size = b.getLong();
        int n = Short.toUnsignedInt(b.getShort());
        List<String> flags = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] name = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(name);
            flags.add(new String(name, StandardCharsets.UTF_8));
        }
        return appended(mailbox, uid, modseq, at, BlobId.of(hash), date, size, flags);
    }
}

package org.mailstore.pop3d;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import org.mailstore.store.Account;
import org.mailstore.store.MailStore;
import org.mailstore.store.MaildropSnapshot;

/**
 * The INBOX as one POP3 session sees it: a snapshot taken from PostgreSQL at login (invariant 3:
 * no file is touched), so message numbers, sizes and UIDLs stay fixed for the session whatever
 * other sessions do. Messages marked deleted are remembered here until QUIT or RSET.
 *
 * <p>UIDLs use Dovecot's default {@code pop3_uidl_format} {@code %08Xu%08Xv}: UID then
 * UIDVALIDITY, eight upper-case hex digits each. UIDs are never reused within a UIDVALIDITY
 * (invariant 4), so a UIDL is unique in the maildrop and stable forever.
 *
 * <p>Not thread-safe: one session owns it.
 */
final class Maildrop {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final int UIDL_LENGTH = 16;

    private final MaildropSnapshot snapshot;
    private final long totalSize;
    private final BitSet deleted;
    private long deletedSize;

    Maildrop(MaildropSnapshot snapshot) {
        this.snapshot = snapshot;
        long total = 0;
        for (long size : snapshot.sizes()) total += size;
        this.totalSize = total;
        this.deleted = new BitSet(snapshot.count());
    }

    /** Reads the account's INBOX in one transaction: the mailbox and its messages' UIDs, sizes and hashes. */
    static Maildrop load(MailStore store, Account account) {
        return new Maildrop(store.maildrops().snapshot(account, "INBOX"));
    }

    long mailboxId() {
        return snapshot.mailboxId();
    }

    /** Messages in the snapshot, deleted or not: message numbers run from 1 to this. */
    int count() {
        return snapshot.count();
    }

    int liveCount() {
        return count() - deleted.cardinality();
    }

    long liveSize() {
        return totalSize - deletedSize;
    }

    boolean exists(int message) {
        return message >= 1 && message <= count();
    }

    boolean isDeleted(int message) {
        return deleted.get(message - 1);
    }

    long size(int message) {
        return snapshot.sizes()[message - 1];
    }

    /** Lower-case hex, as {@code Messages.open} takes it. */
    String blobHash(int message) {
        return HexFormat.of().formatHex(snapshot.blobHashes()[message - 1]);
    }

    String uidl(int message) {
        byte[] b = new byte[UIDL_LENGTH];
        writeUidl(message, b, 0);
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Writes the 16 ASCII bytes of the UIDL at {@code off}, without building a String (UIDL lists them all). */
    void writeUidl(int message, byte[] b, int off) {
        hex8(snapshot.uids()[message - 1], b, off);
        hex8(snapshot.uidValidity(), b, off + 8);
    }

    void delete(int message) {
        if (!deleted.get(message - 1)) {
            deleted.set(message - 1);
            deletedSize += size(message);
        }
    }

    void reset() {
        deleted.clear();
        deletedSize = 0;
    }

    List<Long> deletedUids() {
        List<Long> out = new ArrayList<>(deleted.cardinality());
        for (int i = deleted.nextSetBit(0); i >= 0; i = deleted.nextSetBit(i + 1)) out.add(snapshot.uids()[i]);
        return out;
    }

    /** Eight upper-case hex digits of a 32-bit value (UIDs and UIDVALIDITY are below 2^32). */
    private static void hex8(long v, byte[] b, int off) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
    }
}

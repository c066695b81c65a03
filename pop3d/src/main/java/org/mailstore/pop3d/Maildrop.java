package org.mailstore.pop3d;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.mailstore.store.Account;
import org.mailstore.store.MailStore;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.MessageView;
import org.mailstore.store.StoreException;

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
    private final long mailboxId;
    private final long uidValidity;
    private final long[] uids;
    private final long[] sizes;
    private final String[] blobHashes;
    private final long totalSize;
    private final BitSet deleted;
    private long deletedSize;

    private Maildrop(long mailboxId, long uidValidity, List<MessageView> messages) {
        this.mailboxId = mailboxId;
        this.uidValidity = uidValidity;
        int n = messages.size();
        this.uids = new long[n];
        this.sizes = new long[n];
        this.blobHashes = new String[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            MessageView m = messages.get(i);
            uids[i] = m.uid();
            sizes[i] = m.size();
            blobHashes[i] = m.blobHash();
            total += m.size();
        }
        this.totalSize = total;
        this.deleted = new BitSet(n);
    }

    /** Reads the account's INBOX: one query for the mailbox, one for its messages in UID order. */
    static Maildrop load(MailStore store, Account account) {
        MailboxInfo inbox = store.mailboxes().find(account, "INBOX")
                .orElseThrow(() -> new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "the account has no INBOX"));
        return new Maildrop(inbox.id(), inbox.uidValidity(), store.messages().list(account, inbox.id()));
    }

    long mailboxId() {
        return mailboxId;
    }

    /** Messages in the snapshot, deleted or not: message numbers run from 1 to this. */
    int count() {
        return uids.length;
    }

    int liveCount() {
        return uids.length - deleted.cardinality();
    }

    long liveSize() {
        return totalSize - deletedSize;
    }

    boolean exists(int message) {
        return message >= 1 && message <= uids.length;
    }

    boolean isDeleted(int message) {
        return deleted.get(message - 1);
    }

    long size(int message) {
        return sizes[message - 1];
    }

    String blobHash(int message) {
        return blobHashes[message - 1];
    }

    String uidl(int message) {
        return hex8(uids[message - 1]) + hex8(uidValidity);
    }

    void delete(int message) {
        if (!deleted.get(message - 1)) {
            deleted.set(message - 1);
            deletedSize += sizes[message - 1];
        }
    }

    void reset() {
        deleted.clear();
        deletedSize = 0;
    }

    List<Long> deletedUids() {
        List<Long> out = new ArrayList<>(deleted.cardinality());
        for (int i = deleted.nextSetBit(0); i >= 0; i = deleted.nextSetBit(i + 1)) out.add(uids[i]);
        return out;
    }

    private static String hex8(long v) {
        String h = Long.toHexString(v).toUpperCase(java.util.Locale.ROOT);
        return h.length() >= 8 ? h : "0".repeat(8 - h.length()) + h;
    }
}

package org.mailstore.imapd;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.mailstore.store.Account;
import org.mailstore.store.BlobMetadata;
import org.mailstore.store.MailStore;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.MessageView;
import org.mailstore.store.StoreException;

/**
 * STAND-IN until the store's IMAP reads land (imap-data): the session reads the selected mailbox only through
 * this class, so the switch to Messages.uids/fetch/changedSince/expungedSince and Mailboxes.status/claimRecent
 * happens here. These versions use the listing the store has today and are not meant for large mailboxes.
 */
final class MailboxAccess {
    record Status(long messages, long recent, long unseen, long deleted, long size, long uidNext, long uidValidity,
                  long highestModseq, long firstUnseenUid) {}

    record FetchRow(MessageView view, BlobMetadata metadata) {}

    /** The store has no \Recent mark yet: this process keeps one per mailbox (lost at restart, fine for a stand-in). */
    private static final java.util.concurrent.ConcurrentHashMap<Long, Long> FIRST_RECENT = new java.util.concurrent.ConcurrentHashMap<>();

    private final MailStore store;

    MailboxAccess(MailStore store) {
        this.store = store;
    }

    long[] uids(Account account, long mailboxId) {
        return store.messages().list(account, mailboxId).stream().mapToLong(MessageView::uid).toArray();
    }

    Status status(Account account, long mailboxId) {
        MailboxInfo info = store.mailboxes().list(account).stream().filter(m -> m.id() == mailboxId).findFirst()
                .orElseThrow(() -> new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "no such mailbox (id " + mailboxId + ")"));
        List<MessageView> all = store.messages().list(account, mailboxId);
        long deleted = all.stream().filter(v -> v.flags().deleted()).count();
        long firstUnseen = all.stream().filter(v -> !v.flags().seen()).mapToLong(MessageView::uid).findFirst().orElse(0);
        long firstRecent = FIRST_RECENT.getOrDefault(mailboxId, 1L);
        long recent = all.stream().filter(v -> v.uid() >= firstRecent).count();
        return new Status(info.messages(), recent, info.unseen(), deleted, info.size(), info.uidNext(), info.uidValidity(),
                info.highestModseq(), firstUnseen);
    }

    long claimRecent(Account account, long mailboxId) {
        Status st = status(account, mailboxId);
        long[] previous = {1};
        FIRST_RECENT.compute(mailboxId, (id, old) -> {
            previous[0] = old == null ? 1 : old;
            return st.uidNext();
        });
        return previous[0];
    }

    void fetch(Account account, long mailboxId, long[] uids, boolean withMetadata, Consumer<FetchRow> rows) {
        if (uids.length == 0) return;
        for (MessageView v : store.messages().list(account, mailboxId, uids[0], uids[uids.length - 1])) {
            if (Arrays.binarySearch(uids, v.uid()) < 0) continue;
            rows.accept(new FetchRow(v, withMetadata ? store.messages().metadata(v.blobHash()) : null));
        }
    }

    List<MessageView> changedSince(Account account, long mailboxId, long modseq) {
        return store.messages().list(account, mailboxId).stream().filter(v -> v.modseq() > modseq).toList();
    }

    long[] expungedSince(Account account, long mailboxId, long modseq, UidMap known) {
        long[] now = uids(account, mailboxId);
        long last = known.lastUid();
        return java.util.stream.LongStream.rangeClosed(1, known.count()).map(s -> known.uid((int) s))
                .filter(u -> u <= last && Arrays.binarySearch(now, u) < 0).toArray();
    }
}

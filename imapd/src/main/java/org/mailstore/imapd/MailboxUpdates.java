package org.mailstore.imapd;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.mailstore.store.MessageView;
import org.mailstore.store.StoreException;

/**
 * Tells the client what other sessions (on this or any other server instance) changed in its selected mailbox:
 * EXPUNGE, then EXISTS and RECENT, then FETCH (FLAGS). Reads the database only when the mailbox's change flag is up.
 *
 * <p>The mailbox's HIGHESTMODSEQ is read first and becomes the new known MODSEQ, then expunges and changes above
 * the old one are read. Anything committed in between is read again next time, which is harmless: an expunged UID
 * the map no longer holds, or a new UID not above the map's last, is skipped. When EXPUNGE may not be sent (a
 * sequence-number command is running), the expunged UIDs stay in the map as pending until a command that allows it.
 */
final class MailboxUpdates {
    private MailboxUpdates() {}

    /** {@code force}: read even when no notification came (NOOP, CHECK, own writes to the selected mailbox). */
    static void report(ImapSession s, boolean force, boolean expungeAllowed) throws IOException {
        SelectedMailbox box = s.selected;
        if (box == null) return;
        boolean changed = box.changed.getAndSet(false) || force;
        if (!changed) {
            if (expungeAllowed) sendExpunges(s, box, box.pendingExpunges());
            return;
        }
        MailboxAccess.Status status;
        try {
            status = s.access.status(s.account, box.id);
        } catch (StoreException e) {
            if (e.reason() != StoreException.Reason.NO_SUCH_MAILBOX) throw e;
            s.send("* BYE The selected mailbox was deleted or renamed by another session.");
            s.close();
            return;
        }
        long known = box.knownModseq();
        if (status.highestModseq() != known) {
            long[] gone = s.access.expungedSince(s.account, box.id, known, box.uids);
            box.pendingExpunges(union(box.pendingExpunges(), gone));
        }
        if (expungeAllowed) sendExpunges(s, box, box.pendingExpunges());
        if (status.highestModseq() == known) return;
        List<MessageView> changes = s.access.changedSince(s.account, box.id, known);
        int before = box.uids.count();
        long firstNew = box.uids.lastUid() + 1;
        for (MessageView v : changes) box.uids.append(v.uid());
        if (box.uids.count() > before) {
            if (!box.readOnly && !s.imap4rev2) box.claimRecent(Math.max(firstNew, s.access.claimRecent(s.account, box.id)), box.uids.lastUid() + 1);
            s.send("* " + box.uids.count() + " EXISTS");
            if (!s.imap4rev2) s.send("* " + box.recentCount() + " RECENT");
        }
        for (MessageView v : changes) {
            if (v.uid() >= firstNew) continue;
            int seq = box.uids.seq(v.uid());
            if (seq > 0) {
                Responses.flags(s, box, v, s.out.atom("* ").number(seq).atom(" FETCH (FLAGS ")).atom(")").crlf();
            }
        }
        box.knownModseq(status.highestModseq());
    }

    /** This session's own EXPUNGE or MOVE removed {@code ascending}: reported now, with any expunges held back before. */
    static void expunged(ImapSession s, SelectedMailbox box, long[] ascending) throws IOException {
        sendExpunges(s, box, union(box.pendingExpunges(), ascending));
    }

    private static void sendExpunges(ImapSession s, SelectedMailbox box, long[] pending) throws IOException {
        if (pending.length == 0) return;
        for (int seq : box.uids.remove(pending)) s.out.atom("* ").number(seq).atom(" EXPUNGE").crlf();
        box.pendingExpunges(new long[0]);
    }

    private static long[] union(long[] a, long[] b) {
        if (b.length == 0) return a;
        return LongStream.concat(Arrays.stream(a), Arrays.stream(b)).sorted().distinct().toArray();
    }
}

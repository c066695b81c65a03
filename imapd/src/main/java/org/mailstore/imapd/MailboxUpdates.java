package org.mailstore.imapd;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.mailstore.store.MailboxChanges;
import org.mailstore.store.MessageView;
import org.mailstore.store.StoreException;

/**
 * Tells the client what other sessions (on this or any other server instance) changed in its selected mailbox:
 * EXPUNGE, then EXISTS and RECENT, then FETCH (FLAGS).
 *
 * <p>The session knows the mailbox up to a MODSEQ. A change notification announces a higher one; only then (or when
 * notifications may have been lost or the client asked with NOOP) does this read the database, in one transaction
 * ({@link org.mailstore.store.Messages#changes}), so a session whose mailbox is quiet costs no query per command.
 * The mailbox's HIGHESTMODSEQ, read first, becomes the new known MODSEQ once expunges and changes above the old one
 * are read; whatever committed
 * in between is read again next time, which is harmless: an expunged UID the map no longer holds, or an arrival
 * not above the map's last UID, is skipped. While a sequence-number command runs, expunged UIDs stay in the map
 * as pending until a command that allows EXPUNGE (RFC 9051 §7.5.1).
 */
final class MailboxUpdates {
    private MailboxUpdates() {}

    /** {@code force}: read the mailbox's state even without a notification (NOOP, CHECK, own APPEND or COPY to it). */
    static void report(ImapSession s, boolean force, boolean expungeAllowed) throws IOException {
        SelectedMailbox box = s.selected;
        if (box == null) return;
        long known = box.knownModseq();
        boolean read;
        boolean expunges;
        if (box.mustCheck.getAndSet(false) || force) {
            box.expungeNotified.set(false);
            read = true;
            expunges = true;
        } else {
            // The listener raises the expunge flag before it records the MODSEQ, so reading the MODSEQ first means
            // an expunge at or below it always has its flag seen here.
            read = box.notifiedModseq() > known;
            expunges = box.expungeNotified.getAndSet(false);
        }
        long highest = known;
        List<MessageView> changes = List.of();
        if (read) {
            MailboxChanges m;
            try {
                m = s.store.messages().changes(s.account, box.id, known, expunges);
            } catch (StoreException e) {
                if (e.reason() != StoreException.Reason.NO_SUCH_MAILBOX) throw e;
                s.send("* BYE The selected mailbox was deleted by another session.");
                s.close();
                return;
            }
            highest = m.highestModseq();
            changes = m.changed();
            if (m.expunged().length > 0) box.pendingExpunges(union(box.pendingExpunges(), m.expunged()));
        }
        if (expungeAllowed) sendExpunges(s, box, box.pendingExpunges());
        if (highest <= known) return;
        int before = box.uids.count();
        long firstNew = box.uids.lastUid() + 1;
        for (MessageView v : changes) box.uids.append(v.uid());
        if (box.uids.count() > before) {
            s.send("* " + box.uids.count() + " EXISTS");
            if (!s.imap4rev2) {
                // EXISTS goes out first: claiming \Recent waits for the mailbox row lock, which every session
                // woken by the same delivery wants at once.
                s.out.flush();
                if (!box.readOnly) {
                    box.claimRecent(Math.max(firstNew, s.store.mailboxes().claimRecent(s.account, box.id)), box.uids.lastUid() + 1);
                }
                s.send("* " + box.recentCount() + " RECENT");
            }
        }
        for (MessageView v : changes) {
            if (v.uid() >= firstNew) continue;
            int seq = box.uids.seq(v.uid());
            if (seq == 0) continue;
            Responses.announceKeywords(s, box, v);
            Responses.flags(s, box, v, s.out.atom("* ").number(seq).atom(" FETCH (FLAGS "));
            if (s.qresync) s.out.atom(" UID ").number(v.uid());
            if (s.condstore) s.out.atom(" MODSEQ (").number(v.modseq()).atom(")");
            s.out.atom(")").crlf();
        }
        box.knownModseq(highest);
    }

    /** This session's own EXPUNGE or MOVE removed {@code ascending}: reported now, with any expunges held back before. */
    static void expunged(ImapSession s, SelectedMailbox box, long[] ascending) throws IOException {
        sendExpunges(s, box, union(box.pendingExpunges(), ascending));
    }

    private static void sendExpunges(ImapSession s, SelectedMailbox box, long[] pending) throws IOException {
        if (pending.length == 0) return;
        if (s.qresync) {
            // RFC 7162 §3.2.10: VANISHED with the UIDs instead of one EXPUNGE per message
            long[] known = Arrays.stream(pending).filter(u -> box.uids.seq(u) > 0).toArray();
            box.uids.remove(known);
            if (known.length > 0) s.out.atom("* VANISHED ").atom(Responses.set(known)).crlf();
        } else {
            for (int seq : box.uids.remove(pending)) s.out.atom("* ").number(seq).atom(" EXPUNGE").crlf();
        }
        box.pendingExpunges(new long[0]);
    }

    private static long[] union(long[] a, long[] b) {
        if (b.length == 0) return a;
        return LongStream.concat(Arrays.stream(a), Arrays.stream(b)).sorted().distinct().toArray();
    }
}

package org.mailstore.imapd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.SequenceSet;
import org.mailstore.store.Messages;

/**
 * QRESYNC (RFC 7162 §3.2.5, §3.2.6): what changed since a MODSEQ the client saw, and nothing else. Expunges come
 * from the {@code expunged} table as one {@code VANISHED (EARLIER)} line, changed messages from PostgreSQL's
 * {@code modseq > n} filter as one FETCH line each, so the cost follows the changes, not the mailbox.
 */
final class Resync {
    private Resync() {}

    /** At SELECT/EXAMINE (QRESYNC (...)) with the mailbox's UIDVALIDITY: VANISHED (EARLIER), then FETCH of changes. */
    static void report(ImapSession s, SelectedMailbox box, ImapCommand.Qresync q) throws IOException {
        vanishedEarlier(s, box, q.modseq(), q.knownUids().orElse(null));
        long[] changed = s.store.messages().uidsChangedSince(s.account, box.id, box.uids.toArray(), q.modseq());
        try {
            s.store.messages().fetch(s.account, box.id, changed, Messages.Detail.NONE, row -> {
                try {
                    int seq = box.uids.seq(row.view().uid());
                    if (seq == 0) return;
                    Responses.announceKeywords(s, box, row.view());
                    Responses.flags(s, box, row.view(), s.out.atom("* ").number(seq).atom(" FETCH (UID ").number(row.view().uid())
                            .atom(" FLAGS ")).atom(" MODSEQ (").number(row.view().modseq()).atom("))").crlf();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * {@code * VANISHED (EARLIER) uids}: UIDs expunged above {@code modseq}, within {@code within} (UIDs; null for
     * all) and no longer in the session's map (one still there is reported by the next VANISHED instead).
     */
    static void vanishedEarlier(ImapSession s, SelectedMailbox box, long modseq, SequenceSet within) throws IOException {
        long[] gone = Arrays.stream(s.store.messages().expungedSince(s.account, box.id, modseq))
                .filter(u -> box.uids.seq(u) == 0 && (within == null || contains(within, u, box.saved())))
                .toArray();
        if (gone.length > 0) s.out.atom("* VANISHED (EARLIER) ").atom(Responses.set(gone)).crlf();
    }

    /** Whether a UID set names {@code uid}; {@code *} reaches every UID, as it means the largest in use. */
    private static boolean contains(SequenceSet set, long uid, long[] saved) {
        if (set.saved()) return Arrays.binarySearch(saved, uid) >= 0;
        for (SequenceSet.Range r : set.ranges()) {
            long a = r.first() == SequenceSet.STAR ? Long.MAX_VALUE : r.first();
            long b = r.last() == SequenceSet.STAR ? Long.MAX_VALUE : r.last();
            if (uid >= Math.min(a, b) && uid <= Math.max(a, b)) return true;
        }
        return false;
    }
}

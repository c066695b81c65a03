package org.mailstore.store;

import java.util.List;

/**
 * What changed in a mailbox above a MODSEQ a session knew, read by {@link Messages#changes} in one transaction.
 *
 * @param highestModseq the mailbox's HIGHESTMODSEQ, read before the changes: the session knows the mailbox up to it
 *                      once it has these changes
 * @param changed       messages whose MODSEQ is above the known one (flag changes and arrivals), ascending by UID;
 *                      empty when {@code highestModseq} is not above it
 * @param expunged      UIDs expunged above the known MODSEQ, ascending; empty unless asked for
 */
public record MailboxChanges(long highestModseq, List<MessageView> changed, long[] expunged) {
    /**
     * The UIDs a mailbox holds at {@link #highestModseq}, from {@code known}, those it held at the MODSEQ these
     * changes were read above (ascending): without the expunged ones, with each changed one it lacks (an arrival,
     * or a message it missed). Ascending.
     */
    public long[] appliedTo(long[] known) {
        LongArrayBuilder out = new LongArrayBuilder();
        int e = 0, c = 0;
        for (long uid : known) {
            for (; c < changed.size() && changed.get(c).uid() < uid; c++) out.add(changed.get(c).uid());
            if (c < changed.size() && changed.get(c).uid() == uid) c++;
            while (e < expunged.length && expunged[e] < uid) e++;
            if (e < expunged.length && expunged[e] == uid) continue;
            out.add(uid);
        }
        for (; c < changed.size(); c++) out.add(changed.get(c).uid());
        return out.toArray();
    }
}

package org.mailstore.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.mailstore.store.journal.JournalRecord;

/**
 * The mailbox a journaled message record speaks of, for settling records whose commit is in doubt
 * ({@link InDoubtCommits}, {@link PreviousRunSettlement}). Ordered by account, then mailbox: the store's lock order.
 */
record JournaledMailbox(long accountId, long mailboxId, long uidValidity, String address) implements Comparable<JournaledMailbox> {

    /** The message records ({@code MessageAppended}, {@code MessagesExpunged}) of {@code records}, by mailbox, in lock order. */
    static SortedMap<JournaledMailbox, List<JournalRecord>> group(Collection<JournalRecord> records) {
        SortedMap<JournaledMailbox, List<JournalRecord>> byMailbox = new TreeMap<>();
        for (JournalRecord r : records) {
            JournaledMailbox box = switch (r) {
                case JournalRecord.MessageAppended a -> new JournaledMailbox(a.accountId(), a.mailboxId(), a.uidValidity(), a.address());
                case JournalRecord.MessagesExpunged e -> new JournaledMailbox(e.accountId(), e.mailboxId(), e.uidValidity(), e.address());
                default -> null;
            };
            if (box != null) byMailbox.computeIfAbsent(box, k -> new ArrayList<>()).add(r);
        }
        return byMailbox;
    }

    @Override
    public int compareTo(JournaledMailbox o) {
        int c = Long.compare(accountId, o.accountId);
        return c != 0 ? c : Long.compare(mailboxId, o.mailboxId);
    }
}

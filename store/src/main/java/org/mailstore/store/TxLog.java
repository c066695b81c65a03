package org.mailstore.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.mailstore.store.journal.Journal;
import org.mailstore.store.journal.JournalRecord;

/**
 * What one transaction must tell the world before it commits: journal records (made durable here,
 * group-fsynced with other transactions, before the commit that makes the rows visible: invariant
 * 5) and mailbox change notifications (sent by {@link ChangeNotifier} once the transaction has committed).
 */
final class TxLog {
    private final List<JournalRecord> records = new ArrayList<>();
    private final Map<Long, MailboxChange> changes = new LinkedHashMap<>();

    void record(JournalRecord r) {
        records.add(r);
    }

    /** Later changes to the same mailbox replace earlier ones: listeners only need the last state. */
    void changed(MailboxChange c) {
        changes.put(c.mailboxId(), c);
    }

    /** Call as the transaction's last step; a failure here rolls the transaction back. */
    void flush(DSLContext tx, Journal journal) {
        Transactions.announceAfterCommit(tx, changes.values());
        if (records.isEmpty()) return;
        try {
            Transactions.journal(journal, records);
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.JOURNAL_FAILURE, "delivery journal write failed: " + e.getMessage(), e);
        }
    }
}

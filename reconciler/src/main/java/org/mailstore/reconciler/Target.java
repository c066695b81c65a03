package org.mailstore.reconciler;

import org.mailstore.store.maintenance.MailboxState;

/**
 * Where a journal mailbox's messages go: the database mailbox it matched or was re-created as.
 * {@code db} is null when a check found it would be re-created (nothing exists yet);
 * {@code created} says it is new, so the database has no history to compare with.
 */
record Target(JournalMailbox journal, MailboxState db, boolean created) {
    long highestModseq() {
        return created || db == null ? 0 : db.highestModseq();
    }

    long uidNext() {
        return created || db == null ? 1 : db.uidNext();
    }
}

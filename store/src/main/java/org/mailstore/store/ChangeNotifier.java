package org.mailstore.store;

import org.jooq.DSLContext;

/**
 * Queues a {@link MailboxChange} inside the writing transaction. PostgreSQL delivers NOTIFY only
 * when that transaction commits, so listeners never hear of a change that was rolled back.
 */
final class ChangeNotifier {
    static final String CHANNEL = "mailstore_changes";

    private ChangeNotifier() {}

    static void notify(DSLContext tx, MailboxChange change) {
        tx.execute("SELECT pg_notify(?, ?)", CHANNEL, change.payload());
    }
}

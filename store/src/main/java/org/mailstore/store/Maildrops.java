package org.mailstore.store;

import static org.mailstore.schema.jooq.Tables.MAILBOXES;
import static org.mailstore.schema.jooq.Tables.MESSAGES;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * POP3's read of a maildrop at login: the lean form of {@link Messages#list} (three columns read
 * straight off the result set, no flag or date conversion), because a client checking a
 * 10,000-message maildrop waits for exactly this query. Reads only the database (invariant 3).
 */
public final class Maildrops {
    /** Rows fetched per round trip; a maildrop of any size streams in chunks this big. */
    static final int FETCH_SIZE = 5_000;
    private static final int INITIAL_CAPACITY = 1_024;

    private final Transactions tx;

    Maildrops(Transactions tx) {
        this.tx = tx;
    }

    /** The account's mailbox {@code name} with every message's UID, size and blob hash, in UID order. */
    public MaildropSnapshot snapshot(Account account, String name) {
        String n = MailboxName.normalize(name);
        return tx.run(c -> {
            DSLContext t = DSL.using(c);
            Record2<Long, Long> box = t.select(MAILBOXES.MAILBOX_ID, MAILBOXES.UIDVALIDITY).from(MAILBOXES)
                    .where(MAILBOXES.ACCOUNT_ID.eq(account.id()).and(MAILBOXES.NAME.eq(n))).fetchOne();
            if (box == null) throw new StoreException(StoreException.Reason.NO_SUCH_MAILBOX, "no such mailbox: " + n);
            long mailboxId = box.value1();
            try (ResultSet rs = t.select(MESSAGES.UID, MESSAGES.SIZE, MESSAGES.BLOB_HASH).from(MESSAGES)
                    .where(MESSAGES.ACCOUNT_ID.eq(account.id()).and(MESSAGES.MAILBOX_ID.eq(mailboxId)))
                    .orderBy(MESSAGES.UID).fetchSize(FETCH_SIZE).fetchResultSet()) {
                return read(rs, mailboxId, box.value2());
            }
        });
    }

    private static MaildropSnapshot read(ResultSet rs, long mailboxId, long uidValidity) throws SQLException {
        long[] uids = new long[INITIAL_CAPACITY];
        long[] sizes = new long[INITIAL_CAPACITY];
        byte[][] hashes = new byte[INITIAL_CAPACITY][];
        int n = 0;
        while (rs.next()) {
            if (n == uids.length) {
                uids = Arrays.copyOf(uids, n * 2);
                sizes = Arrays.copyOf(sizes, n * 2);
                hashes = Arrays.copyOf(hashes, n * 2);
            }
            uids[n] = rs.getLong(1);
            sizes[n] = rs.getLong(2);
            hashes[n] = rs.getBytes(3);
            n++;
        }
        return new MaildropSnapshot(mailboxId, uidValidity, Arrays.copyOf(uids, n), Arrays.copyOf(sizes, n), Arrays.copyOf(hashes, n));
    }
}

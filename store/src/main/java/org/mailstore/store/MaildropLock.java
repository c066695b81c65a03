package org.mailstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exclusive access to one account's POP3 maildrop (RFC 1939 §8), held as a PostgreSQL
 * session-level advisory lock on a connection of its own, so it excludes sessions on every server
 * instance that shares the database, and vanishes with the connection if this process dies.
 *
 * <p>The connection is the lock: it is held, idle, for the whole POP3 session and closed by
 * {@link #close()}. See {@link MaildropLocks} for where it comes from and what that costs.
 */
public final class MaildropLock implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MaildropLock.class);
    /** Seconds {@link #held()} waits for PostgreSQL to answer. */
    static final int VALIDITY_CHECK_SECONDS = 5;

    private final long accountId;
    private final Connection connection;

    MaildropLock(long accountId, Connection connection) {
        this.accountId = accountId;
        this.connection = connection;
    }

    public long accountId() {
        return accountId;
    }

    /**
     * True while the lock is certainly still held: its connection answers. A session checks this
     * before it deletes anything, because a lost connection means another session may own the
     * maildrop by now.
     */
    public boolean held() {
        try {
            return connection.isValid(VALIDITY_CHECK_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Releases the lock by closing its connection (PostgreSQL drops session locks with the session). */
    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing the maildrop lock connection of account {} failed: {}", accountId, e.getMessage());
        }
    }
}

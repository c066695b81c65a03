package org.mailstore.server;

import javax.sql.DataSource;
import org.mailstore.store.maintenance.AdvisoryLock;

/**
 * A PostgreSQL session advisory lock that says "mailstore serves from this database": every {@code serve} holds it
 * shared for as long as it runs (several instances may share one database), and {@code restore} takes it exclusively,
 * so a restore refuses to start while any serve runs (embedded or external PostgreSQL alike), and a serve refuses to
 * start while a restore runs. PostgreSQL drops the lock with the session, so a killed process leaves nothing behind.
 */
final class ServingLock implements AutoCloseable {
    /** "mailsrv\0" in ASCII; distinct from the maintenance lock's key. */
    static final long KEY = 0x6d61696c73727600L;
    private static final String NAME = "serving lock";

    private final AdvisoryLock lock;

    private ServingLock(AdvisoryLock lock) {
        this.lock = lock;
    }

    /** For {@code serve}. @throws IllegalStateException when a restore holds the lock */
    static ServingLock share(DataSource ds) {
        return take(ds, AdvisoryLock.Mode.SHARED,
                "cannot serve: a 'mailstore restore' is running against this database; start serve when it has finished");
    }

    /** For {@code restore}. @throws IllegalStateException when a serve (or another restore) holds the lock */
    static ServingLock exclusive(DataSource ds) {
        return take(ds, AdvisoryLock.Mode.EXCLUSIVE,
                "a 'mailstore serve' (or another restore) is running against this database; stop every serve that uses it,"
                        + " then restore");
    }

    private static ServingLock take(DataSource ds, AdvisoryLock.Mode mode, String refusal) {
        return AdvisoryLock.tryAcquire(ds, KEY, mode, NAME).map(ServingLock::new).orElseThrow(() -> new IllegalStateException(refusal));
    }

    @Override
    public void close() {
        lock.close();
    }
}

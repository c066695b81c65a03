package org.mailstore.store.maintenance;

import javax.sql.DataSource;

/**
 * A PostgreSQL session advisory lock held by one reconcile, gc or backup run for its whole duration, on a
 * connection of its own, so two maintenance runs (on any hosts sharing the database) never overlap. PostgreSQL
 * drops the lock with the session, so a killed run leaves nothing behind.
 */
public final class MaintenanceLock implements AutoCloseable {
    /** The advisory lock key ("mailstor" in ASCII); the same for reconcile and gc on purpose. */
    static final long KEY = 0x6d61696c73746f72L;

    private final AdvisoryLock lock;

    private MaintenanceLock(AdvisoryLock lock) {
        this.lock = lock;
    }

    /**
     * Takes the lock without waiting.
     *
     * @param holder what is about to run, for the message when another run holds the lock
     * @throws IllegalStateException when another reconcile or gc holds it
     */
    public static MaintenanceLock acquire(DataSource ds, String holder) {
        return AdvisoryLock.tryAcquire(ds, KEY, AdvisoryLock.Mode.EXCLUSIVE, "maintenance lock for " + holder)
                .map(MaintenanceLock::new)
                .orElseThrow(() -> new IllegalStateException(
                        holder + " cannot start: another reconcile or gc is running against this database"));
    }

    @Override
    public void close() {
        lock.close();
    }
}

package org.mailstore.store.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailstore.store.StoreFixture;

class MaintenanceLockTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    @Test
    @SuppressWarnings("try") // the resource is held, not used: its scope is the point
    void aSecondRunIsRefusedUntilTheFirstEnds() {
        try (MaintenanceLock first = MaintenanceLock.acquire(f.dataSource, "reconcile")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> MaintenanceLock.acquire(f.dataSource, "gc"));
            assertEquals("gc cannot start: another reconcile or gc is running against this database", e.getMessage());
        }
        MaintenanceLock.acquire(f.dataSource, "gc").close();
    }
}

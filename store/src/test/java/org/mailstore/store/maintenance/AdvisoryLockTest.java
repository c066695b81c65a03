package org.mailstore.store.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailstore.store.StoreFixture;

class AdvisoryLockTest {
    private static final long KEY = 0x7465737431L;

    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    @Test
    @SuppressWarnings("try") // the resources are held, not used: their scope is the point
    void sharedHoldersExcludeOnlyAnExclusiveOne() {
        try (AdvisoryLock one = take(AdvisoryLock.Mode.SHARED).orElseThrow();
             AdvisoryLock two = take(AdvisoryLock.Mode.SHARED).orElseThrow()) {
            assertEquals(Optional.empty(), take(AdvisoryLock.Mode.EXCLUSIVE));
        }
        try (AdvisoryLock exclusive = take(AdvisoryLock.Mode.EXCLUSIVE).orElseThrow()) {
            assertEquals(Optional.empty(), take(AdvisoryLock.Mode.SHARED));
            assertEquals(Optional.empty(), take(AdvisoryLock.Mode.EXCLUSIVE));
        }
    }

    @Test
    void closingReleasesTheLockEvenWhenItsConnectionGoesBackToAPool() {
        for (int i = 0; i < 3; i++) {
            Optional<AdvisoryLock> lock = take(AdvisoryLock.Mode.EXCLUSIVE);
            assertTrue(lock.isPresent(), "round " + i);
            lock.get().close();
        }
    }

    private static Optional<AdvisoryLock> take(AdvisoryLock.Mode mode) {
        return AdvisoryLock.tryAcquire(f.dataSource, KEY, mode, "test lock");
    }
}

package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MaintenanceSetupTest {
    @Test
    void aSuffixedInstanceIdStaysWithinTheSegmentNameLimit() {
        String longHost = "mx-" + "a".repeat(58) + ".x";
        MaintenanceSetup setup = new MaintenanceSetup(new org.postgresql.ds.PGSimpleDataSource(), Path.of("b"), 2, Path.of("j"), longHost,
                Path.of("w"));
        assertEquals(64, setup.instanceId("-reconcile").length());
        assertEquals(("mx-" + "a".repeat(58) + ".x").substring(0, 54) + "-reconcile", setup.instanceId("-reconcile"));
        MaintenanceSetup shortOne = new MaintenanceSetup(new org.postgresql.ds.PGSimpleDataSource(), Path.of("b"), 2, Path.of("j"), "mx1",
                Path.of("w"));
        assertEquals("mx1-reconcile-store", shortOne.instanceId("-reconcile-store"));
    }
}

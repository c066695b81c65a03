package org.mailstore.server;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/** {@link ScaleOutTest} with the blobs in one directory every instance mounts (NFS, CephFS in production). */
// ScaleOutTest bounds a latency (IDLE sees a delivery within one second), so this runs with no other test JVM beside
// it (root pom.xml, surefire execution "timing").
@Tag("timing")
class ScaleOutSharedDirectoryTest extends ScaleOutTest {
    @Override
    Map<String, String> blobStoreEnv(Path shared) {
        return Map.of("MAILSTORE_BLOB_DIR", shared.resolve("blobs").toString());
    }
}

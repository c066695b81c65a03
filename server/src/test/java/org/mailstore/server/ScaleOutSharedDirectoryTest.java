package org.mailstore.server;

import java.nio.file.Path;
import java.util.Map;

/** {@link ScaleOutTest} with the blobs in one directory every instance mounts (NFS, CephFS in production). */
class ScaleOutSharedDirectoryTest extends ScaleOutTest {
    @Override
    Map<String, String> blobStoreEnv(Path shared) {
        return Map.of("MAILSTORE_BLOB_DIR", shared.resolve("blobs").toString());
    }
}

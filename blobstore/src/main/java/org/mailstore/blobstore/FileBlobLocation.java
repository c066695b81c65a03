package org.mailstore.blobstore;

import java.nio.file.Path;
import java.util.Objects;

/** Blobs in a directory tree: {@link FileBlobStore} at {@code root} with {@code fanoutLevels} levels. */
public record FileBlobLocation(Path root, int fanoutLevels) implements BlobLocation {

    public FileBlobLocation {
        Objects.requireNonNull(root, "root");
        new FanoutLayout(root, fanoutLevels); // validates the level count here, where the configuration is read
    }
}

package org.mailstore.backup;

import java.util.Objects;

/**
 * A file of a backup as the manifest vouches for it.
 *
 * @param path   relative to the backup's own directory, '/'-separated
 * @param bytes  its length
 * @param sha256 lowercase hex SHA-256 of its bytes
 */
public record CheckedFile(String path, long bytes, String sha256) {
    public CheckedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        if (path.startsWith("/") || path.contains("..")) throw new IllegalArgumentException("not a relative path inside a backup: " + path);
    }
}

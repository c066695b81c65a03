package org.mailstore.blobstore;

import java.nio.file.Path;

/**
 * Where a blob lives: {@code <root>/ab/cd/abcd…} for two levels, each level a directory named by the next
 * two hex characters of the hash. Pure computation, no I/O, so readers can open a blob without looking.
 */
record FanoutLayout(Path root, int levels) {

    static final int MAX_LEVELS = 4;
    static final int CHARS_PER_LEVEL = 2;

    FanoutLayout {
        if (levels < 0 || levels > MAX_LEVELS) {
            throw new IllegalArgumentException(
                    "fan-out levels must be between 0 and " + MAX_LEVELS + ", got " + levels);
        }
    }

    Path pathOf(BlobId id) {
        String hex = id.hex();
        Path dir = root;
        for (int level = 0; level < levels; level++) {
            dir = dir.resolve(hex.substring(level * CHARS_PER_LEVEL, (level + 1) * CHARS_PER_LEVEL));
        }
        return dir.resolve(hex);
    }

    /** A name that may be a fan-out directory. */
    static boolean isLevelName(String name) {
        return name.length() == CHARS_PER_LEVEL && BlobId.isLowerHex(name);
    }

    /** A name that may be a blob in the directory reached through {@code prefix} (the level names joined). */
    static boolean isBlobName(String name, String prefix) {
        return name.length() == BlobId.HEX_LENGTH && name.startsWith(prefix) && BlobId.isLowerHex(name);
    }
}

package org.mailstore.blobstore;

import java.util.Optional;

/**
 * Where a blob lives in the bucket: {@code <prefix>/ab/cd/abcd…}, the file tree's default two-level fan-out
 * under a key prefix. Pure computation, so a reader fetches a blob without listing anything.
 */
record S3KeyLayout(String prefix) {

    static final int LEVELS = FileBlobStore.DEFAULT_FANOUT_LEVELS;

    /** The prefix every blob key starts with, ending in a slash (empty for the bucket's root). */
    String keyPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    String keyOf(BlobId id) {
        String hex = id.hex();
        StringBuilder key = new StringBuilder(keyPrefix());
        for (int level = 0; level < LEVELS; level++) {
            key.append(hex, level * FanoutLayout.CHARS_PER_LEVEL, (level + 1) * FanoutLayout.CHARS_PER_LEVEL).append('/');
        }
        return key.append(hex).toString();
    }

    /** The blob a listed key names, if it is a blob key in its proper place; anything else is foreign. */
    Optional<BlobId> idOf(String key) {
        if (!key.startsWith(keyPrefix())) {
            return Optional.empty();
        }
        String rest = key.substring(keyPrefix().length());
        int hexStart = LEVELS * (FanoutLayout.CHARS_PER_LEVEL + 1);
        if (rest.length() != hexStart + BlobId.HEX_LENGTH) {
            return Optional.empty();
        }
        String hex = rest.substring(hexStart);
        if (!BlobId.isLowerHex(hex) || !keyOf(BlobId.fromHex(hex)).equals(key)) {
            return Optional.empty();
        }
        return Optional.of(BlobId.fromHex(hex));
    }
}

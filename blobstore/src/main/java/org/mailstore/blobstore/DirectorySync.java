package org.mailstore.blobstore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes directory entries durable. A new file or directory survives a power failure only once the
 * directory that names it has been fsynced; renaming or linking alone is not enough.
 */
final class DirectorySync {

    private DirectorySync() {
    }

    /** fsync a directory, so that the entries created in it so far are on disk. */
    static void force(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Creates {@code dir} and any missing ancestors, fsyncing the parent of each so the new entries are
     * durable. A directory another thread or process created meanwhile counts as ours: its creator may not
     * have fsynced the parent yet, so we do.
     */
    static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
        if (parent != null) {
            force(parent);
        }
    }
}

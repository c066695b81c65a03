package org.mailstore.reconciler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * When a blob file last arrived: the later of its modification time (when its bytes were written)
 * and, where the system has it, its status-change time. Restoring from tape usually keeps the old
 * mtime but sets a new ctime, and publishing a blob by {@code link(2)} changes its ctime too, so a
 * blob put back just now counts as young however old its bytes.
 */
final class FileAge {
    private FileAge() {}

    static Instant lastArrival(Path file) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:lastModifiedTime,ctime");
            Instant mtime = ((FileTime) a.get("lastModifiedTime")).toInstant();
            Instant ctime = ((FileTime) a.get("ctime")).toInstant();
            return mtime.isAfter(ctime) ? mtime : ctime;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Files.readAttributes(file, BasicFileAttributes.class).lastModifiedTime().toInstant();
        }
    }
}

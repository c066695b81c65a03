package org.mailstore.blobstore;

import org.mailstore.blobstore.testing.Strace;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Marks a point in a traced child's syscall log: an open of a file that does not exist, which shows up in
 * strace as a failing {@code openat} naming the marker. Lets a test look only at the calls made between
 * two markers, not at JVM start-up or store construction.
 */
final class WindowMarker {

    static final String BEGIN = "window-begin";
    static final String END = "window-end";

    private WindowMarker() {
    }

    static void mark(Path markerDir, String name) throws IOException {
        try (FileChannel ignored = FileChannel.open(markerDir.resolve(name), StandardOpenOption.READ)) {
            throw new IllegalStateException("marker file must not exist: " + markerDir.resolve(name));
        } catch (NoSuchFileException expected) {
            // The failed open is the mark.
        }
    }

    /** The calls strictly between the BEGIN and END marks. */
    static List<Strace.Syscall> window(List<Strace.Syscall> calls, Path markerDir) {
        int begin = indexOf(calls, markerDir.resolve(BEGIN));
        int end = indexOf(calls, markerDir.resolve(END));
        if (begin < 0 || end < begin) {
            throw new AssertionError("window markers not found in trace (begin " + begin + ", end " + end + ")");
        }
        return calls.subList(begin + 1, end);
    }

    private static int indexOf(List<Strace.Syscall> calls, Path marker) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).names(marker)) {
                return i;
            }
        }
        return -1;
    }
}

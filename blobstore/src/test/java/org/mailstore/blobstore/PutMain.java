package org.mailstore.blobstore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child JVM for tests that watch a whole put from outside: stores a pattern blob between two window marks
 * and prints the outcome as {@code key=value} lines on stdout.
 */
public final class PutMain {

    private PutMain() {
    }

    /**
     * Arguments: blob root, length, seed, marker directory, optionally the store's settling time in seconds and how
     * many puts of the same bytes to make before the window.
     */
    public static void main(String[] args) throws IOException {
        Duration settled = args.length > 4 ? Duration.ofSeconds(Long.parseLong(args[4])) : FileBlobStore.SETTLED;
        int putsBefore = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        FileBlobStore store = new FileBlobStore(Path.of(args[0]), FileBlobStore.DEFAULT_FANOUT_LEVELS, settled);
        long length = Long.parseLong(args[1]);
        long seed = Long.parseLong(args[2]);
        Path markers = Path.of(args[3]);
        for (int i = 0; i < putsBefore; i++) store.put(new PatternInputStream(length, seed));

        WindowMarker.mark(markers, WindowMarker.BEGIN);
        try {
            StoredBlob stored = store.put(new PatternInputStream(length, seed));
            WindowMarker.mark(markers, WindowMarker.END);
            System.out.println("stored=" + stored.id().hex());
        } catch (IOException e) {
            WindowMarker.mark(markers, WindowMarker.END);
            System.out.println("exception=" + e.getClass().getName());
            System.out.println("message=" + e.getMessage());
        }
        try (var files = Files.list(Path.of(args[0]).resolve(FileBlobStore.TEMP_DIRECTORY))) {
            System.out.println("temp-files=" + files.count());
        }
        try (var blobs = store.walk()) {
            System.out.println("blobs=" + blobs.count());
        }
    }
}

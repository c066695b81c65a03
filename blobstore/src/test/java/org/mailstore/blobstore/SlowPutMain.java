package org.mailstore.blobstore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Child JVM for {@link PutCrashTest}: stores a big pattern blob slowly, printing {@code writing} once the
 * first {@value #CHUNKS_BEFORE_ANNOUNCING} chunks are written, so the test can kill it in the middle.
 */
public final class SlowPutMain {

    private static final long DELAY_PER_READ_MILLIS = 10;
    static final int CHUNKS_BEFORE_ANNOUNCING = 2;

    private SlowPutMain() {
    }

    /** Arguments: blob root, length, seed. */
    public static void main(String[] args) throws IOException {
        FileBlobStore store = new FileBlobStore(Path.of(args[0]));
        long length = Long.parseLong(args[1]);
        long seed = Long.parseLong(args[2]);
        store.put(new PatternInputStream(length, seed) {
            private int reads;

            @Override
            public int read(byte[] buffer, int offset, int len) {
                // The store writes each chunk before it reads the next, so on this read they are on disk.
                if (reads++ == CHUNKS_BEFORE_ANNOUNCING) {
                    System.out.println("writing");
                    System.out.flush();
                }
                if (reads > CHUNKS_BEFORE_ANNOUNCING) {
                    sleep();
                }
                return super.read(buffer, offset, len);
            }
        });
        System.out.println("finished");
    }

    private static void sleep() {
        try {
            Thread.sleep(DELAY_PER_READ_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }
}

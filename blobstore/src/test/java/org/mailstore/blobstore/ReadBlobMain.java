package org.mailstore.blobstore;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child JVM for {@link ReadDoesNotStatTest}: reads one blob through the store between two window marks.
 * Modes other than {@code store} add the kind of call a careless change would add, so the test can show
 * it notices them.
 */
public final class ReadBlobMain {

    private ReadBlobMain() {
    }

    /** Arguments: mode (store | exists-first | channel-size), blob root, blob hex, marker directory. */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        FileBlobStore store = new FileBlobStore(Path.of(args[1]));
        BlobId id = BlobId.fromHex(args[2]);
        Path markers = Path.of(args[3]);

        WindowMarker.mark(markers, WindowMarker.BEGIN);
        if (mode.equals("exists-first") && !Files.exists(store.pathOf(id))) {
            throw new IllegalStateException("blob missing");
        }
        try (SeekableByteChannel channel = store.open(id)) {
            if (mode.equals("channel-size") && channel.size() == 0) {
                throw new IllegalStateException("blob empty");
            }
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer.clear()) >= 0) {
                // read to the end, as a FETCH BODY[] would
            }
        }
        try (InputStream in = store.openStream(id, 10, 1000)) {
            in.readAllBytes();
        }
        WindowMarker.mark(markers, WindowMarker.END);
    }
}

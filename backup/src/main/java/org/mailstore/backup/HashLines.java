package org.mailstore.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.mailstore.blobstore.BlobId;

/** Reads a blob list (one hex hash per line) lazily, for restore and deep verify. */
final class HashLines implements Iterator<BlobId>, AutoCloseable {
    private final BufferedReader in;
    private String next;

    HashLines(Path file) throws IOException {
        this.in = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        advance();
    }

    private void advance() {
        try {
            next = in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public BlobId next() {
        if (next == null) throw new NoSuchElementException();
        BlobId id = BlobId.fromHex(next);
        advance();
        return id;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

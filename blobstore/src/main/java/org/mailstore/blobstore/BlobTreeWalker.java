package org.mailstore.blobstore;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Lists the blobs of a fan-out tree depth first, holding one open directory per level and nothing else, so
 * memory stays bounded at millions of blobs. Descends only into directories named like a fan-out level
 * (which skips {@code tmp/} and foreign directories without reading them) and yields only regular files
 * whose name is a full hash that starts with the names of the directories above it.
 */
final class BlobTreeWalker implements Iterator<BlobId>, Closeable {

    /** One open directory: its stream, the iterator over it, and the hash prefix its path spells. */
    private record Level(DirectoryStream<Path> stream, Iterator<Path> entries, String prefix) {
    }

    private final FanoutLayout layout;
    private final Deque<Level> open = new ArrayDeque<>();
    private BlobId next;

    private BlobTreeWalker(FanoutLayout layout) throws IOException {
        this.layout = layout;
        push(layout.root(), "");
    }

    /** A lazy stream of the blobs under {@code layout}; closing it closes the open directories. */
    static Stream<BlobId> stream(FanoutLayout layout) throws IOException {
        BlobTreeWalker walker = new BlobTreeWalker(layout);
        Spliterator<BlobId> spliterator = Spliterators.spliteratorUnknownSize(
                walker, Spliterator.DISTINCT | Spliterator.NONNULL);
        return StreamSupport.stream(spliterator, false).onClose(walker::close);
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public BlobId next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        BlobId id = next;
        next = null;
        return id;
    }

    private BlobId advance() {
        while (!open.isEmpty()) {
            Level level = open.peek();
            Path entry = nextEntry(level);
            if (entry == null) {
                closeQuietly(open.pop());
                continue;
            }
            String name = entry.getFileName().toString();
            if (open.size() <= layout.levels()) {
                if (FanoutLayout.isLevelName(name)) {
                    pushIfDirectory(entry, level.prefix() + name);
                }
            } else if (FanoutLayout.isBlobName(name, level.prefix()) && Files.isRegularFile(entry)) {
                return BlobId.fromHex(name);
            }
        }
        return null;
    }

    private static Path nextEntry(Level level) {
        try {
            return level.entries().hasNext() ? level.entries().next() : null;
        } catch (DirectoryIteratorException e) {
            throw new UncheckedIOException(e.getCause());
        }
    }

    private void pushIfDirectory(Path dir, String prefix) {
        try {
            push(dir, prefix);
        } catch (NotDirectoryException e) {
            // A file with a level-like name is foreign; skip it.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list blob directory " + dir, e);
        }
    }

    private void push(Path dir, String prefix) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(dir);
        open.push(new Level(stream, stream.iterator(), prefix));
    }

    @Override
    public void close() {
        while (!open.isEmpty()) {
            closeQuietly(open.pop());
        }
    }

    private static void closeQuietly(Level level) {
        try {
            level.stream().close();
        } catch (IOException e) {
            // Closing a directory we only read loses nothing.
        }
    }
}

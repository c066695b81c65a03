package org.mailstore.blobstore;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.stream.Stream;

/**
 * Immutable, content-addressed message bodies (DESIGN.md invariants 1, 2, 3 and 6). A blob is named by the
 * SHA-256 of its bytes, written once, never changed, and stored once however many messages refer to it.
 * Nothing in a blob store knows about users, mailboxes or dates.
 *
 * <p>Who calls what: delivery and APPEND call {@link #put} and commit the database row only after it returns
 * (blob before row). Readers call {@link #open} or {@link #openStream} with an id taken from the database;
 * those touch exactly one object and never list or stat the store. {@link #exists}, {@link #walk},
 * {@link #verify} and {@link #delete} are for the reconciler, backup and the garbage collector only;
 * {@code delete} in particular is never called on expunge.
 *
 * <p>An interface because an S3-compatible implementation is planned beside {@link FileBlobStore}.
 * Implementations are safe for concurrent use by many threads and processes.
 */
public interface BlobStore extends Closeable {

    /**
     * Stores the bytes of {@code in}, read to its end, and returns their id once they are durable. Streams:
     * the message is never held in memory whole. Storing bytes that are already stored changes nothing and
     * returns {@code created == false}. The caller keeps ownership of {@code in} and closes it.
     *
     * @throws BlobStoreException if reading the input or writing the store failed (disk full included);
     *                            nothing is then stored under the blob's name by this call
     */
    StoredBlob put(InputStream in) throws IOException;

    /**
     * Opens a blob for reading, with random access. The caller closes the channel.
     *
     * @throws BlobNotFoundException if there is no such blob
     */
    SeekableByteChannel open(BlobId id) throws IOException;

    /**
     * Opens {@code length} bytes of a blob starting at {@code offset}; a range reaching past the end is cut
     * at the end, so an offset at or past the end gives an empty stream. The caller closes the stream.
     *
     * @throws BlobNotFoundException    if there is no such blob
     * @throws IllegalArgumentException if offset or length is negative
     */
    InputStream openStream(BlobId id, long offset, long length) throws IOException;

    /** Whether the blob is stored. Looks at the store, so: reconciler and garbage collector only. */
    boolean exists(BlobId id) throws IOException;

    /** Removes a blob; removing an absent blob does nothing. Garbage collector only (invariant 6). */
    void delete(BlobId id) throws IOException;

    /**
     * Every stored blob, read lazily from the store in bounded memory; the order is unspecified. Skips
     * anything that is not a finished blob in its proper place (temp files of puts in progress or from a
     * crash, foreign files). The caller must close the stream. I/O errors while the stream is consumed are
     * thrown as {@link java.io.UncheckedIOException}.
     */
    Stream<BlobId> walk() throws IOException;

    /**
     * Re-reads the blob and checks that its bytes still hash to its name.
     *
     * @return {@code false} if the stored bytes are damaged
     * @throws BlobNotFoundException if there is no such blob
     */
    boolean verify(BlobId id) throws IOException;
}

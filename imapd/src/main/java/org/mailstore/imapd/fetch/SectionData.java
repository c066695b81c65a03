package org.mailstore.imapd.fetch;

import java.io.IOException;
import java.io.InputStream;

/**
 * What a {@code BODY[section]<partial>} (or RFC822, RFC822.HEADER, RFC822.TEXT) fetch sends, as worked out
 * by {@link SectionLocator} from the cached metadata alone. The session writes {@code ""} when
 * {@link #length()} is 0 (Dovecot's answer for a section the message does not have, and for a partial that
 * starts past the end), otherwise a literal of {@link #length()} bytes from the source below.
 */
public sealed interface SectionData {

    /** Octets the response carries. */
    long length();

    /** The empty section. */
    SectionData EMPTY = new Bytes(new byte[0]);

    /** Bytes already in memory: the cached header or header fields filtered from it. */
    record Bytes(byte[] bytes) implements SectionData {
        @Override
        public long length() {
            return bytes.length;
        }
    }

    /**
     * A byte range of the message's blob, which the session streams with
     * {@code Messages.open(blobHash, offset, length)}: never built in memory.
     */
    record BlobRange(long offset, long length) implements SectionData {}

    /**
     * Header fields of a header the database does not hold whole (a nested message's header, or a top-level
     * header longer than the cache keeps): the session opens the blob range {@code [offset, offset+length)}
     * and passes it to {@link #read}, which filters it and applies the partial. Rare.
     */
    record FilteredBlobHeader(long offset, long headerLength, HeaderFilter filter, Clip clip) implements SectionData {
        /** Unknown until read; the session calls {@link #read} first and sends its result. */
        @Override
        public long length() {
            return -1;
        }

        public byte[] read(InputStream header) throws IOException {
            return clip.apply(filter.apply(header));
        }
    }
}

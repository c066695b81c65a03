package org.mailstore.store.mime;

import java.util.List;
import java.util.Objects;

/**
 * Everything the listing path needs about one stored message, computed once at delivery (DESIGN.md
 * invariant 3). The three IMAP strings are complete parenthesised values, ready to follow
 * {@code "ENVELOPE "}, {@code "BODY "} and {@code "BODYSTRUCTURE "} in a FETCH response; they are ASCII
 * except inside IMAP literals, whose announced length is the UTF-8 byte count.
 *
 * @param size          total bytes of the raw message (RFC822.SIZE as stored)
 * @param headerSize    bytes of the top-level header, including the blank line that ends it
 * @param bodyLines     LF bytes in the top-level body
 * @param header        the top-level header bytes verbatim, truncated to {@link MessageParser#MAX_HEADER_BYTES};
 *                      when {@code header.length < headerSize} read {@code [0, headerSize)} from the blob instead
 * @param envelope      IMAP ENVELOPE
 * @param body          IMAP BODY (no extension data)
 * @param bodyStructure IMAP BODYSTRUCTURE (with extension data)
 * @param parts         section offsets in document order; see {@link MimePart} and the package documentation
 */
public record MessageMetadata(long size, long headerSize, long bodyLines, byte[] header,
                              String envelope, String body, String bodyStructure, List<MimePart> parts) {

    public MessageMetadata {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(bodyStructure, "bodyStructure");
        parts = List.copyOf(parts);
    }

    /** Whether {@link #header} holds the whole top-level header rather than its first bytes. */
    public boolean headerComplete() {
        return header.length == headerSize;
    }
}

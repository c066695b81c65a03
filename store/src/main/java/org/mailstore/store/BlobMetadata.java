package org.mailstore.store;

import java.util.List;
import org.mailstore.store.mime.MimePart;

/**
 * What the database knows about a message's bytes without opening them: size, the verbatim top
 * header block, and the IMAP ENVELOPE, BODY and BODYSTRUCTURE texts ready to send, plus each MIME
 * part's byte offsets for ranged section reads.
 *
 * <p>{@link Messages#fetch} with {@link Messages.Detail#HEADER} reads only the sizes and the header, for a
 * client's header sync; then {@code envelope}, {@code body}, {@code bodyStructure} and {@code parts} are null.
 * {@code header} holds at most {@link org.mailstore.store.mime.MessageParser#MAX_HEADER_BYTES}; see
 * {@link #headerComplete()}.
 */
public record BlobMetadata(String blobHash, long size, long headerSize, long bodyLines, byte[] header,
                           String envelope, String body, String bodyStructure, List<MimePart> parts) {

    /** Whether {@link #header} is the whole top-level header; if not, {@code [0, headerSize)} of the blob is. */
    public boolean headerComplete() {
        return header.length == headerSize;
    }
}

package org.mailstore.store;

import java.util.List;
import org.mailstore.store.mime.MimePart;

/**
 * What the database knows about a message's bytes without opening them: size, the verbatim top
 * header block, and the IMAP ENVELOPE, BODY and BODYSTRUCTURE texts ready to send, plus each MIME
 * part's byte offsets for ranged section reads.
 */
public record BlobMetadata(String blobHash, long size, long headerSize, long bodyLines, byte[] header,
                           String envelope, String body, String bodyStructure, List<MimePart> parts) {}

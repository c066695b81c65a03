package org.mailstore.store.mime;

import java.io.IOException;
import java.io.InputStream;

/**
 * Parses a raw message once, at delivery, into the {@link MessageMetadata} the listing path serves from
 * PostgreSQL (DESIGN.md invariant 3).
 *
 * <p>The input is streamed: memory depends on the limits below, not on the size of the message or of any
 * line. Malformed mail never makes it throw; it gets the structure a lenient reader would see (see
 * {@link StructureScanner}). Only an {@link IOException} from the stream itself propagates. The caller
 * owns and closes the stream.
 */
public final class MessageParser {

    /** Nesting limit: an entity this deep is never a container; a deeper multipart or message/rfc822 is an
     *  opaque text/plain leaf. */
    public static final int MAX_DEPTH = 32;
    /** Entity count limit (messages and body parts); the entity that reaches it is a leaf holding the rest
     *  of the message. */
    public static final int MAX_PARTS = 10_000;
    /** Cap on the header bytes cached and parsed per entity; longer headers are cut in the cache only. */
    public static final int MAX_HEADER_BYTES = 256 * 1024;

    private MessageParser() {
    }

    public static MessageMetadata parse(InputStream rawMessage) throws IOException {
        StructureScanner.Parsed parsed = StructureScanner.scan(rawMessage);
        Entity root = parsed.root();
        StringBuilder envelope = new StringBuilder();
        root.envelope.write(envelope);
        return new MessageMetadata(parsed.size(), root.headerLength(), root.bodyLines(), parsed.header(),
                envelope.toString(), BodyStructureWriter.write(root, false), BodyStructureWriter.write(root, true),
                PartList.of(root));
    }
}

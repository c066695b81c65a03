package org.mailstore.store.mime;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a raw message once, line by line, and builds its {@link Entity} tree with exact byte ranges.
 *
 * <p>Boundaries follow RFC 2046: a delimiter line is {@code --boundary}, optionally {@code --} for the
 * close delimiter, then only white space; the line break before it belongs to the delimiter, not to the
 * part above, unless that line break ends the blank line of a header right above it (the body is then
 * empty and the header keeps its blank line, as in Dovecot). Every enclosing multipart's boundary stays
 * active, innermost first, so a part that is never closed ends at the next boundary of any ancestor, or
 * at the end of the message. A header ends at its
 * blank line, at the end of input, or at an ancestor's boundary line (then without the line break before
 * it, and with an empty body).
 *
 * <p>Limits: an entity nested {@link MessageParser#MAX_DEPTH} levels deep is never a container; the
 * {@link MessageParser#MAX_PARTS}-th entity is an opaque leaf and from then on no boundary is recognised,
 * so the rest of the message folds into it. Memory is bounded by the header cap, the depth and the part
 * count, never by body or line length.
 */
final class StructureScanner {

    private static final Logger LOG = LoggerFactory.getLogger(StructureScanner.class);

    /** RFC 2046 allows 70; longer boundary parameters are treated as missing. */
    static final int MAX_BOUNDARY_BYTES = 200;
    /** Bytes of a body line kept to test it for a boundary: "--", the boundary, "--", a little padding. */
    private static final int BOUNDARY_LINE_KEEP = MAX_BOUNDARY_BYTES + 8;
    private static final int INITIAL_HEADER_BYTES = 4096;

    private final LineReader reader;
    private final HeaderCollector collector = new HeaderCollector(MessageParser.MAX_HEADER_BYTES);
    private final List<Boundary> active = new ArrayList<>();
    private byte[] topHeader = new byte[INITIAL_HEADER_BYTES];
    private int topHeaderLength;
    private int entities;
    private boolean folding;
    /** The boundary line that ended the last read, already consumed; null at end of input. */
    private Hit hit;

    private StructureScanner(InputStream in) {
        this.reader = new LineReader(in);
    }

    /** Parses a whole message; the returned tree's root is the top-level message. */
    static Parsed scan(InputStream in) throws IOException {
        StructureScanner scanner = new StructureScanner(in);
        Entity root = scanner.entity(Position.START, 0, true, false, false);
        while (scanner.reader.next(0)) {
            // Nothing is left once the top-level entity ends (no boundary is active there); draining anyway
            // keeps the size right should that ever change.
        }
        return new Parsed(root, scanner.reader.position().offset(),
                Arrays.copyOf(scanner.topHeader, scanner.topHeaderLength));
    }

    record Parsed(Entity root, long size, byte[] header) {
    }

    private Entity entity(Position start, int depth, boolean message, boolean digestChild, boolean mimePart)
            throws IOException {
        entities++;
        Entity entity = new Entity(depth, start);
        readHeader(entity, depth == 0);
        List<HeaderField> fields = collector.finish();
        entity.envelope = message ? Envelope.from(fields) : null;
        entity.content = ContentFields.from(fields, mimePart, digestChild);
        entity.kind = entity.content.kind();
        if (entities >= MessageParser.MAX_PARTS && !folding) {
            LOG.debug("part limit {} reached at byte {}; the rest of the message is one part",
                    MessageParser.MAX_PARTS, start.offset());
            folding = true;
            // A boundary that cut this header short no longer counts: the rest of the input is this body.
            hit = null;
        }
        if (entity.kind != ContentFields.Kind.LEAF && (depth >= MessageParser.MAX_DEPTH || folding)) {
            entity.content = entity.content.asOpaqueText();
            entity.kind = ContentFields.Kind.LEAF;
        }
        switch (entity.kind) {
            case LEAF -> skipContent();
            case MESSAGE -> entity.embedded = entity(entity.bodyStart(), depth + 1, true, false, false);
            case MULTIPART -> multipartBody(entity);
        }
        entity.bodyEnd = contentEnd(entity.bodyStart()).atLeast(nestedEnd(entity));
        return entity;
    }

    /**
     * Where the last nested entity ended. A header's blank line directly followed by an ancestor's boundary
     * keeps its line break (as in Dovecot), so a container must end no earlier than what it contains.
     */
    private static Position nestedEnd(Entity entity) {
        if (entity.embedded != null) {
            return entity.embedded.bodyEnd;
        }
        return entity.children.isEmpty() ? entity.bodyStart() : entity.children.getLast().bodyEnd;
    }

    private void readHeader(Entity entity, boolean cacheRaw) throws IOException {
        while (true) {
            if (hit != null) {
                entity.headerEnd = contentEnd(entity.headerStart);
                return;
            }
            int keep = Math.max(BOUNDARY_LINE_KEEP,
                    Math.max(collector.wanted(), cacheRaw ? MessageParser.MAX_HEADER_BYTES - topHeaderLength : 0));
            if (!reader.next(keep)) {
                entity.headerEnd = reader.position();
                return;
            }
            hit = boundaryHit();
            if (hit != null) {
                entity.headerEnd = contentEnd(entity.headerStart);
                return;
            }
            if (cacheRaw) {
                cacheHeaderLine();
            }
            if (reader.isBlank()) {
                entity.headerEnd = reader.position();
                return;
            }
            collector.addLine(reader.kept(), reader.keptContentLength(), reader.lineLength(),
                    reader.contentComplete());
        }
    }

    private void cacheHeaderLine() {
        int n = Math.min(reader.keptLength(), MessageParser.MAX_HEADER_BYTES - topHeaderLength);
        if (topHeaderLength + n > topHeader.length) {
            topHeader = Arrays.copyOf(topHeader, Math.min(MessageParser.MAX_HEADER_BYTES,
                    Math.max(topHeaderLength + n, topHeader.length * 2)));
        }
        System.arraycopy(reader.kept(), 0, topHeader, topHeaderLength, n);
        topHeaderLength += n;
    }

    private void multipartBody(Entity entity) throws IOException {
        String boundary = entity.content.boundary();
        byte[] bytes = boundary == null ? null : boundary.getBytes(entity.content.boundaryCharset());
        if (bytes == null || bytes.length > MAX_BOUNDARY_BYTES) {
            skipContent();
            return;
        }
        Boundary own = new Boundary(bytes);
        active.add(own);
        boolean digest = entity.content.isDigest();
        skipContent();
        while (hit != null && hit.boundary() == own && !hit.close()) {
            hit = null;
            entity.children.add(entity(reader.position(), entity.depth + 1, false, digest, true));
        }
        active.remove(own);
        if (hit != null && hit.boundary() == own) {
            hit = null;
            skipContent();
        }
    }

    /** Reads body lines up to the next boundary line (left in {@link #hit}) or the end of input. */
    private void skipContent() throws IOException {
        while (hit == null && reader.next(BOUNDARY_LINE_KEEP)) {
            hit = boundaryHit();
        }
    }

    /**
     * Where content that started at {@code start} ends: just before the line break that precedes the
     * pending boundary line, or at the end of input.
     */
    private Position contentEnd(Position start) {
        return hit == null ? reader.position() : hit.before().atLeast(start);
    }

    private Hit boundaryHit() {
        if (folding || active.isEmpty()) {
            return null;
        }
        byte[] line = reader.kept();
        int length = reader.keptContentLength();
        if (length < 2 || line[0] != '-' || line[1] != '-') {
            return null;
        }
        for (int i = active.size() - 1; i >= 0; i--) {
            Boundary boundary = active.get(i);
            Delimiter delimiter = boundary.match(line, length, reader.contentComplete() || reader.tailBlank());
            if (delimiter != Delimiter.NONE) {
                return new Hit(boundary, delimiter == Delimiter.CLOSE, reader.beforePreviousLineBreak());
            }
        }
        return null;
    }

    /** A boundary line that was read: whose it is, whether it closes, and where the content before it ends. */
    private record Hit(Boundary boundary, boolean close, Position before) {
    }

    /** An active boundary; compared by identity, since nested multiparts may reuse the same string. */
    private record Boundary(byte[] bytes) {

        /**
         * Whether {@code line[0, length)} (followed by bytes that are all blank when {@code restBlank}) is
         * {@code --boundary} or {@code --boundary--}, with nothing but white space after.
         */
        Delimiter match(byte[] line, int length, boolean restBlank) {
            int end = 2 + bytes.length;
            if (!restBlank || length < end || !Arrays.equals(line, 2, end, bytes, 0, bytes.length)) {
                return Delimiter.NONE;
            }
            boolean close = length >= end + 2 && line[end] == '-' && line[end + 1] == '-';
            for (int i = close ? end + 2 : end; i < length; i++) {
                if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
                    return Delimiter.NONE;
                }
            }
            return close ? Delimiter.CLOSE : Delimiter.OPEN;
        }
    }

    private enum Delimiter { NONE, OPEN, CLOSE }
}

package org.mailstore.store.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * One MIME entity of a parsed message: the message itself, a body part, or a message encapsulated in a
 * {@code message/rfc822} part. A message entity carries an {@link Envelope}; its content fields describe
 * its body, so a top-level {@code multipart/mixed} message is both a message and a multipart.
 */
final class Entity {

    final int depth;
    Position headerStart;
    Position headerEnd;
    Position bodyEnd;
    ContentFields content;
    ContentFields.Kind kind;
    Envelope envelope;
    /** Body parts of a multipart, in order. */
    final List<Entity> children = new ArrayList<>();
    /** The encapsulated message of a {@code message/rfc822} part. */
    Entity embedded;

    Entity(int depth, Position headerStart) {
        this.depth = depth;
        this.headerStart = headerStart;
    }

    /** The body starts where the header ends: after its blank line, or where a boundary cut it short. */
    Position bodyStart() {
        return headerEnd;
    }

    long headerLength() {
        return headerEnd.offset() - headerStart.offset();
    }

    long bodyLength() {
        return bodyEnd.offset() - headerEnd.offset();
    }

    long bodyLines() {
        return bodyEnd.lineFeeds() - headerEnd.lineFeeds();
    }
}

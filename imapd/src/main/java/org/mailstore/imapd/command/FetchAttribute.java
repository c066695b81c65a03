package org.mailstore.imapd.command;

import java.util.Optional;

/** One FETCH data item (RFC 9051 §6.4.5). */
public sealed interface FetchAttribute {

    enum Simple implements FetchAttribute {
        FLAGS, INTERNALDATE, RFC822_SIZE, ENVELOPE, BODY, BODYSTRUCTURE, UID, RFC822, RFC822_HEADER, RFC822_TEXT
    }

    /** {@code BODY[section]<partial>} or {@code BODY.PEEK[...]}; {@code peek} means \Seen is not set. */
    record BodySection(boolean peek, Section section, Optional<Partial> partial) implements FetchAttribute {}

    /** {@code <offset.count>}: both non-negative, count ≥ 1 would be usual but 0 is legal. */
    record Partial(long offset, long count) {}
}

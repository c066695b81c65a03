package org.mailstore.imapd.command;

import java.util.List;
import java.util.Optional;

/** One FETCH data item (RFC 9051 §6.4.5). */
public sealed interface FetchAttribute {

    enum Simple implements FetchAttribute {
        FLAGS, INTERNALDATE, RFC822_SIZE, ENVELOPE, BODY, BODYSTRUCTURE, UID, RFC822, RFC822_HEADER, RFC822_TEXT,
        /** RFC 8514: when the message was saved into this mailbox. */
        SAVEDATE,
        /** RFC 8474 OBJECTID. */
        EMAILID, THREADID,
        /** RFC 7162 CONDSTORE: the message's mod-sequence. */
        MODSEQ
    }

    /** {@code BODY[section]<partial>} or {@code BODY.PEEK[...]}; {@code peek} means \Seen is not set. */
    record BodySection(boolean peek, Section section, Optional<Partial> partial) implements FetchAttribute {}

    /** RFC 3516 {@code BINARY[part]<partial>} or {@code BINARY.PEEK[...]}: the part with its transfer encoding undone. */
    record Binary(boolean peek, List<Integer> part, Optional<Partial> partial) implements FetchAttribute {
        public Binary {
            part = List.copyOf(part);
        }
    }

    /** RFC 3516 {@code BINARY.SIZE[part]}: the size of what {@link Binary} would send whole. */
    record BinarySize(List<Integer> part) implements FetchAttribute {
        public BinarySize {
            part = List.copyOf(part);
        }
    }

    /** {@code <offset.count>}: offset ≥ 0, count ≥ 1 (RFC 9051 grammar: nz-number); the parser refuses {@code <o.0>}. */
    record Partial(long offset, long count) {}
}

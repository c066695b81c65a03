package org.mailstore.store.mime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one addressable piece of a stored message lies in its blob, so that a section fetch is a ranged
 * read. All offsets are absolute byte offsets in the raw message; every range lies inside it.
 *
 * <p>Two kinds of entry share this shape (see the package documentation for the full layout):
 * <ul>
 *   <li>a <b>body part</b>, whose {@code section} is an IMAP part number such as {@code "1"} or
 *       {@code "2.1"}: the header range is its MIME header ({@code BODY[2.1.MIME]}), the body range its
 *       content ({@code BODY[2.1]});</li>
 *   <li>a <b>message</b>, whose section is {@link #MESSAGE} for the top-level message or
 *       {@code "<part>.MESSAGE"} for the message encapsulated in a {@code message/rfc822} part: the header
 *       range is that message's header ({@code BODY[2.HEADER]}, {@code BODY[2.HEADER.FIELDS ...]}), the
 *       body range its text ({@code BODY[2.TEXT]}).</li>
 * </ul>
 *
 * @param section       IMAP part number, or a message entry name (see {@link #messageSection})
 * @param headerOffset  first byte of the header
 * @param headerLength  header bytes, including the blank line that ends it when there is one
 * @param bodyOffset    first byte of the body
 * @param bodyLength    body bytes; a body part's body excludes the line break before the next boundary
 * @param bodyLines     number of LF bytes in the body
 */
public record MimePart(String section, long headerOffset, long headerLength, long bodyOffset, long bodyLength,
                       long bodyLines) {

    /** The section name of the top-level message entry, and the suffix of an encapsulated message's entry. */
    public static final String MESSAGE = "MESSAGE";

    public MimePart {
        Objects.requireNonNull(section, "section");
        if (headerOffset < 0 || headerLength < 0 || bodyOffset < 0 || bodyLength < 0 || bodyLines < 0) {
            throw new IllegalArgumentException("negative offset, length or line count in part " + section);
        }
    }

    /**
     * The name of the message entry for a part-number prefix: {@code ""} names the top-level message
     * ({@code "MESSAGE"}), {@code "2"} the message encapsulated in part 2 ({@code "2.MESSAGE"}). An IMAP
     * server answering {@code BODY[2.HEADER]} or {@code BODY[2.TEXT]} looks up {@code messageSection("2")}.
     */
    public static String messageSection(String partNumber) {
        return partNumber.isEmpty() ? MESSAGE : partNumber + "." + MESSAGE;
    }

    /** The entry with exactly this section name, if the message has it. */
    public static Optional<MimePart> find(List<MimePart> parts, String section) {
        for (MimePart part : parts) {
            if (part.section.equals(section)) {
                return Optional.of(part);
            }
        }
        return Optional.empty();
    }

    /** Whether this entry describes a message (header + text) rather than a body part. */
    public boolean isMessage() {
        return section.equals(MESSAGE) || section.endsWith("." + MESSAGE);
    }

    public long headerEnd() {
        return headerOffset + headerLength;
    }

    public long bodyEnd() {
        return bodyOffset + bodyLength;
    }
}

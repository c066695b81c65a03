/**
 * MIME metadata, parsed once when a blob is first stored and cached in its {@code blobs} row, so that the
 * listing path (DESIGN.md invariant 3) answers ENVELOPE, BODY, BODYSTRUCTURE, RFC822.SIZE, header fields
 * and every section fetch without parsing the message again.
 *
 * <h2>What is cached</h2>
 * {@link org.mailstore.store.mime.MessageParser#parse} streams the raw bytes once and returns a
 * {@link org.mailstore.store.mime.MessageMetadata}: the size, the top-level header size and bytes, the body
 * line count, the ENVELOPE, BODY and BODYSTRUCTURE strings ready to send, and one
 * {@link org.mailstore.store.mime.MimePart} per addressable section, stored as JSON by
 * {@link org.mailstore.store.mime.PartsCodec}. Every offset is an absolute byte offset into the blob, so a
 * section fetch is one ranged read of one file.
 *
 * <h2>Offsets layout</h2>
 * Entries come in document order. A message (the top-level one, named {@code MESSAGE}, or one encapsulated
 * in {@code message/rfc822} part <i>n</i>, named <i>n</i>{@code .MESSAGE}) has an entry whose header range
 * is its header including the blank line and whose body range is its text. A body part has an entry named
 * by its IMAP part number whose header range is its MIME header and whose body range is its content, which
 * ends before the line break that precedes the next boundary. Following RFC 3501 §6.4.5, the body of a
 * message that is not multipart is part 1 of it, with the message header as its MIME header; the parts of a
 * multipart body are numbered 1, 2, ... directly under the message; a multipart part <i>n</i> has parts
 * <i>n</i>.1, <i>n</i>.2, ... For example, a {@code multipart/mixed} message with a text part and a
 * forwarded single-part message:
 * <pre>
 *   MESSAGE     header [0,400)     body [400,2000)    the whole message
 *   1           header [420,470)   body [470,900)     text/plain
 *   2           header [920,980)   body [980,1950)    message/rfc822: the forwarded message, whole
 *   2.MESSAGE   header [980,1200)  body [1200,1950)   the forwarded message's header and text
 *   2.1         header [980,1200)  body [1200,1950)   its body, whose MIME header is its message header
 * </pre>
 * An IMAP server maps section specifiers to ranges like this:
 * <ul>
 *   <li>{@code BODY[]}: {@code [0, size)}; {@code BODY[HEADER]}: the cached header bytes when complete
 *       ({@code header.length == headerSize}), else {@code [0, headerSize)}; {@code BODY[TEXT]}:
 *       {@code [headerSize, size)};</li>
 *   <li>{@code BODY[n]}: the body range of entry <i>n</i>; {@code BODY[n.MIME]}: its header range;</li>
 *   <li>{@code BODY[n.HEADER]}, {@code BODY[n.HEADER.FIELDS (...)]}, {@code BODY[n.TEXT]}: the header or
 *       body range of entry {@link org.mailstore.store.mime.MimePart#messageSection}(<i>n</i>), which exists
 *       only when part <i>n</i> is {@code message/rfc822};</li>
 *   <li>a section with no entry does not exist in the message.</li>
 * </ul>
 * A multipart in which no part was found (missing or wrong boundary) reports, as Dovecot does, one empty
 * {@code text/plain} part in BODYSTRUCTURE; its entry has zero-length ranges at the start of the multipart's
 * body, so the two always agree.
 *
 * <h2>Sizes and limits</h2>
 * Sizes and offsets count the stored bytes as they are: a message stored with bare LF line ends is measured
 * with bare LFs, so the server must send it unchanged (or the store must store CRLF) for RFC822.SIZE and
 * partial fetches to agree. Line counts are LF counts. Nesting stops at
 * {@link org.mailstore.store.mime.MessageParser#MAX_DEPTH}, the entity count at
 * {@link org.mailstore.store.mime.MessageParser#MAX_PARTS}, and at most
 * {@link org.mailstore.store.mime.MessageParser#MAX_HEADER_BYTES} of any header are parsed and cached.
 */
package org.mailstore.store.mime;

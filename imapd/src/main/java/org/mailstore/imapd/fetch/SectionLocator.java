package org.mailstore.imapd.fetch;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.mailstore.imapd.command.FetchAttribute;
import org.mailstore.imapd.command.Section;
import org.mailstore.store.BlobMetadata;
import org.mailstore.store.mime.MimePart;

/**
 * Maps a section specifier to the bytes it names, from the cached metadata alone (the layout is described in
 * {@code org.mailstore.store.mime}'s package documentation):
 * <ul>
 *   <li>{@code BODY[]}, {@code BODY[TEXT]}, part bodies, {@code n.MIME}, {@code n.HEADER}, {@code n.TEXT}:
 *       a {@link SectionData.BlobRange} to stream;</li>
 *   <li>{@code BODY[HEADER]} and {@code BODY[HEADER.FIELDS (...)]} / {@code .NOT}: {@link SectionData.Bytes}
 *       from the cached top-level header, so a client's header sync opens no blob; when the cache holds only
 *       the first {@code MAX_HEADER_BYTES} of a longer header, the blob range instead;</li>
 *   <li>{@code n.HEADER.FIELDS (...)} of an attached message: a {@link SectionData.FilteredBlobHeader}, since
 *       only the top-level header is cached;</li>
 *   <li>a part the message does not have (or {@code n.HEADER}/{@code n.TEXT} of a part that is not
 *       {@code message/rfc822}): {@link SectionData#EMPTY}, sent as {@code ""}, as Dovecot answers.</li>
 * </ul>
 * The partial {@code <origin.count>} is applied last, clipped to the section's length.
 *
 * <p>Top-level sections need {@code Messages.Detail.HEADER} metadata; sections with a part number need
 * {@code FULL} (the part offsets), see {@link FetchDetail}.
 */
public final class SectionLocator {

    private SectionLocator() {
    }

    /**
     * One section of a FETCH, worked out once for every message it is fetched from: the partial and, for
     * HEADER.FIELDS(.NOT), the filter, whose names would otherwise be folded again for each message.
     */
    public static final class Prepared {
        private final Section section;
        private final Clip clip;
        private final HeaderFilter filter;

        private Prepared(Section section, Clip clip) {
            this.section = section;
            this.clip = clip;
            boolean fields = section.text() == Section.Text.HEADER_FIELDS || section.text() == Section.Text.HEADER_FIELDS_NOT;
            this.filter = fields ? filter(section) : null;
        }

        public SectionData locate(BlobMetadata m) {
            return section.part().isEmpty() ? topLevel(m, section, clip, filter) : inPart(m, section, clip, filter);
        }
    }

    public static Prepared prepare(Section section, Optional<FetchAttribute.Partial> partial) {
        return new Prepared(section, partial.map(p -> new Clip(p.offset(), p.count())).orElse(Clip.WHOLE));
    }

    public static SectionData locate(BlobMetadata m, Section section, Optional<FetchAttribute.Partial> partial) {
        return prepare(section, partial).locate(m);
    }

    /** RFC822 (= BODY[]), RFC822.HEADER (= BODY.PEEK[HEADER]) and RFC822.TEXT (= BODY[TEXT]). */
    public static SectionData locate(BlobMetadata m, FetchAttribute.Simple item) {
        Section.Text text = switch (item) {
            case RFC822 -> Section.Text.NONE;
            case RFC822_HEADER -> Section.Text.HEADER;
            case RFC822_TEXT -> Section.Text.TEXT;
            default -> throw new IllegalArgumentException(item + " is not a message section");
        };
        return topLevel(m, new Section(List.of(), text, List.of()), Clip.WHOLE, null);
    }

    private static SectionData topLevel(BlobMetadata m, Section section, Clip clip, HeaderFilter filter) {
        return switch (section.text()) {
            case NONE -> range(0, m.size(), clip);
            case TEXT -> range(m.headerSize(), m.size() - m.headerSize(), clip);
            case HEADER -> m.headerComplete() ? bytes(m.header(), clip) : range(0, m.headerSize(), clip);
            case HEADER_FIELDS, HEADER_FIELDS_NOT -> m.headerComplete()
                    ? bytes(filter.apply(m.header()), clip)
                    : new SectionData.FilteredBlobHeader(0, m.headerSize(), filter, clip);
            case MIME -> throw new IllegalArgumentException("MIME needs a part number");
        };
    }

    private static SectionData inPart(BlobMetadata m, Section section, Clip clip, HeaderFilter filter) {
        if (m.parts() == null) throw new IllegalArgumentException("a part section needs the part offsets (Detail.FULL)");
        String number = section.part().stream().map(String::valueOf).collect(Collectors.joining("."));
        return switch (section.text()) {
            case NONE -> find(m, number).map(p -> range(p.bodyOffset(), p.bodyLength(), clip)).orElse(SectionData.EMPTY);
            case MIME -> find(m, number).map(p -> range(p.headerOffset(), p.headerLength(), clip)).orElse(SectionData.EMPTY);
            case HEADER -> find(m, MimePart.messageSection(number))
                    .map(p -> range(p.headerOffset(), p.headerLength(), clip)).orElse(SectionData.EMPTY);
            case TEXT -> find(m, MimePart.messageSection(number))
                    .map(p -> range(p.bodyOffset(), p.bodyLength(), clip)).orElse(SectionData.EMPTY);
            case HEADER_FIELDS, HEADER_FIELDS_NOT -> find(m, MimePart.messageSection(number))
                    .<SectionData>map(p -> new SectionData.FilteredBlobHeader(p.headerOffset(), p.headerLength(), filter, clip))
                    .orElse(SectionData.EMPTY);
        };
    }

    private static Optional<MimePart> find(BlobMetadata m, String section) {
        return MimePart.find(m.parts(), section);
    }

    private static HeaderFilter filter(Section section) {
        return section.text() == Section.Text.HEADER_FIELDS
                ? HeaderFilter.including(section.fields())
                : HeaderFilter.excluding(section.fields());
    }

    private static SectionData range(long offset, long length, Clip clip) {
        long clipped = clip.length(length);
        return clipped == 0 ? SectionData.EMPTY : new SectionData.BlobRange(offset + clip.start(length), clipped);
    }

    private static SectionData bytes(byte[] data, Clip clip) {
        byte[] clipped = clip.apply(data);
        return clipped.length == 0 ? SectionData.EMPTY : new SectionData.Bytes(clipped);
    }
}

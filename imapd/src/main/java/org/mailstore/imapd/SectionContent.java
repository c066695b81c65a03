package org.mailstore.imapd;

import java.util.Arrays;
import java.util.Optional;
import org.mailstore.imapd.command.FetchAttribute;
import org.mailstore.imapd.command.Section;
import org.mailstore.store.BlobMetadata;

/**
 * STAND-IN for the fetch helper's SectionLocator: where a body section's bytes are, from the cached metadata
 * alone. Knows only the whole message, its header and its text; every other section is reported missing.
 */
final class SectionContent {
    sealed interface Content permits Bytes, Range, Missing {}

    record Bytes(byte[] bytes) implements Content {}

    record Range(long offset, long length) implements Content {}

    record Missing() implements Content {}

    private SectionContent() {}

    static Content locate(BlobMetadata m, Section section, Optional<FetchAttribute.Partial> partial) {
        if (!section.part().isEmpty()) return new Missing();
        Content whole = switch (section.text()) {
            case NONE -> new Range(0, m.size());
            case HEADER -> m.header().length == m.headerSize() ? new Bytes(m.header()) : new Range(0, m.headerSize());
            case TEXT -> new Range(m.headerSize(), m.size() - m.headerSize());
            default -> new Missing();
        };
        if (partial.isEmpty()) return whole;
        long off = partial.get().offset(), count = partial.get().count();
        return switch (whole) {
            case Bytes b -> {
                int from = (int) Math.min(off, b.bytes().length);
                yield new Bytes(Arrays.copyOfRange(b.bytes(), from, (int) Math.min(b.bytes().length, from + count)));
            }
            case Range r -> {
                long from = Math.min(off, r.length());
                yield new Range(r.offset() + from, Math.min(count, r.length() - from));
            }
            case Missing x -> x;
        };
    }
}

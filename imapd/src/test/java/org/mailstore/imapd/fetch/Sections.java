package org.mailstore.imapd.fetch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.mailstore.imapd.command.FetchAttribute;
import org.mailstore.imapd.command.Section;
import org.mailstore.store.BlobMetadata;
import org.mailstore.store.mime.MessageMetadata;
import org.mailstore.store.mime.MessageParser;

/** Test helpers: metadata as the store caches it, and section data turned into the bytes a client receives. */
final class Sections {
    private Sections() {
    }

    static BlobMetadata metadata(byte[] raw) {
        try {
            MessageMetadata m = MessageParser.parse(new ByteArrayInputStream(raw));
            return new BlobMetadata("00", m.size(), m.headerSize(), m.bodyLines(), m.header(), m.envelope(), m.body(),
                    m.bodyStructure(), m.parts());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the session sends for this section data, reading blob ranges from {@code raw}. */
    static byte[] resolve(SectionData d, byte[] raw) {
        return switch (d) {
            case SectionData.Bytes b -> b.bytes();
            case SectionData.BlobRange r -> Arrays.copyOfRange(raw, Math.toIntExact(r.offset()), Math.toIntExact(r.offset() + r.length()));
            case SectionData.FilteredBlobHeader h -> {
                try {
                    yield h.read(new ByteArrayInputStream(raw, Math.toIntExact(h.offset()), Math.toIntExact(h.headerLength())));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    static byte[] fetch(byte[] raw, BlobMetadata m, Section section) {
        return resolve(SectionLocator.locate(m, section, Optional.empty()), raw);
    }

    static byte[] fetch(byte[] raw, BlobMetadata m, Section section, long origin, long count) {
        return resolve(SectionLocator.locate(m, section, Optional.of(new FetchAttribute.Partial(origin, count))), raw);
    }

    static Section section(String part, Section.Text text, String... fields) {
        List<Integer> numbers = part.isEmpty() ? List.of() : Arrays.stream(part.split("\\.")).map(Integer::valueOf).toList();
        return new Section(numbers, text, List.of(fields));
    }
}

package org.mailstore.imapd.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mailstore.imapd.fetch.Sections.fetch;
import static org.mailstore.imapd.fetch.Sections.section;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.FetchAttribute;
import org.mailstore.imapd.command.Section;
import org.mailstore.store.BlobMetadata;
import org.mailstore.store.Messages;
import org.mailstore.store.mime.MessageParser;

class SectionLocatorTest {
    private static final byte[] SIMPLE = ("From: a@example.org\r\nSubject: hi\r\nTo: b@example.org\r\n\r\nhello\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    @Test
    void theHeaderSyncIsAnsweredFromTheCacheWithoutTheBlob() {
        BlobMetadata m = Sections.metadata(SIMPLE);
        SectionData d = SectionLocator.locate(m, section("", Section.Text.HEADER_FIELDS, "subject", "TO"), Optional.empty());
        assertEquals(new String(((SectionData.Bytes) d).bytes(), StandardCharsets.US_ASCII), "Subject: hi\r\nTo: b@example.org\r\n\r\n");
        assertInstanceOf(SectionData.Bytes.class, SectionLocator.locate(m, section("", Section.Text.HEADER), Optional.empty()));
        assertEquals(new SectionData.BlobRange(0, SIMPLE.length), SectionLocator.locate(m, Section.WHOLE, Optional.empty()));
        assertEquals(new SectionData.BlobRange(m.headerSize(), 7),
                SectionLocator.locate(m, section("", Section.Text.TEXT), Optional.empty()));
    }

    @Test
    void headerMetadataAloneServesTopLevelSectionsButNotParts() {
        BlobMetadata full = Sections.metadata(SIMPLE);
        BlobMetadata header = new BlobMetadata(full.blobHash(), full.size(), full.headerSize(), full.bodyLines(), full.header(),
                null, null, null, null);
        assertArrayEquals(fetch(SIMPLE, full, section("", Section.Text.HEADER_FIELDS, "From")),
                fetch(SIMPLE, header, section("", Section.Text.HEADER_FIELDS, "From")));
        assertArrayEquals(SIMPLE, fetch(SIMPLE, header, Section.WHOLE));
        assertThrows(IllegalArgumentException.class, () -> fetch(SIMPLE, header, section("1", Section.Text.NONE)));
    }

    @Test
    void aHeaderLongerThanTheCacheIsReadFromTheBlob() {
        String filler = ("X-Filler: " + "f".repeat(1000) + "\r\n").repeat(MessageParser.MAX_HEADER_BYTES / 1000 + 10);
        byte[] raw = ("Subject: first\r\n" + filler + "Subject: last\r\nFrom: z@example.org\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        BlobMetadata m = Sections.metadata(raw);
        assertEquals(false, m.headerComplete());
        int headerEnd = new String(raw, StandardCharsets.US_ASCII).indexOf("\r\n\r\n") + 4;
        assertEquals(new SectionData.BlobRange(0, headerEnd), SectionLocator.locate(m, section("", Section.Text.HEADER), Optional.empty()));
        SectionData fields = SectionLocator.locate(m, section("", Section.Text.HEADER_FIELDS, "Subject", "From"), Optional.empty());
        assertInstanceOf(SectionData.FilteredBlobHeader.class, fields);
        assertEquals("Subject: first\r\nSubject: last\r\nFrom: z@example.org\r\n\r\n",
                new String(Sections.resolve(fields, raw), StandardCharsets.US_ASCII));
        assertEquals("ubj", new String(fetch(raw, m, section("", Section.Text.HEADER_FIELDS, "Subject"), 1, 3), StandardCharsets.US_ASCII));
    }

    @Test
    void missingSectionsAndPartialsPastTheEndAreEmpty() {
        BlobMetadata m = Sections.metadata(SIMPLE);
        assertSame(SectionData.EMPTY, SectionLocator.locate(m, section("2", Section.Text.NONE), Optional.empty()));
        assertSame(SectionData.EMPTY, SectionLocator.locate(m, section("1", Section.Text.HEADER), Optional.empty()));
        assertSame(SectionData.EMPTY, SectionLocator.locate(m, section("1", Section.Text.HEADER_FIELDS, "From"), Optional.empty()));
        assertSame(SectionData.EMPTY,
                SectionLocator.locate(m, Section.WHOLE, Optional.of(new FetchAttribute.Partial(SIMPLE.length, 10))));
        assertSame(SectionData.EMPTY, SectionLocator.locate(m, Section.WHOLE, Optional.of(new FetchAttribute.Partial(0, 0))));
        assertEquals(0, SectionData.EMPTY.length());
    }

    @Test
    void partOneOfASinglePartMessageIsItsBodyWithTheMessageHeaderAsMime() {
        BlobMetadata m = Sections.metadata(SIMPLE);
        assertEquals("hello\r\n", new String(fetch(SIMPLE, m, section("1", Section.Text.NONE)), StandardCharsets.US_ASCII));
        assertArrayEquals(Arrays.copyOf(SIMPLE, (int) m.headerSize()), fetch(SIMPLE, m, section("1", Section.Text.MIME)));
        assertEquals("ell", new String(fetch(SIMPLE, m, section("1", Section.Text.NONE), 1, 3), StandardCharsets.US_ASCII));
    }

    @Test
    void fetchDetailAsksForNoMoreThanTheAttributesNeed() {
        var flags = List.<FetchAttribute>of(FetchAttribute.Simple.UID, FetchAttribute.Simple.FLAGS,
                FetchAttribute.Simple.RFC822_SIZE, FetchAttribute.Simple.INTERNALDATE);
        assertEquals(Messages.Detail.NONE, FetchDetail.of(flags));
        var sync = new java.util.ArrayList<>(flags);
        sync.add(new FetchAttribute.BodySection(true, section("", Section.Text.HEADER_FIELDS, "Subject"), Optional.empty()));
        assertEquals(Messages.Detail.HEADER, FetchDetail.of(sync));
        assertEquals(Messages.Detail.HEADER, FetchDetail.of(List.of(FetchAttribute.Simple.RFC822)));
        sync.add(FetchAttribute.Simple.ENVELOPE);
        assertEquals(Messages.Detail.FULL, FetchDetail.of(sync));
        assertEquals(Messages.Detail.FULL, FetchDetail.of(List.of(
                new FetchAttribute.BodySection(false, section("2", Section.Text.MIME), Optional.empty()))));
    }
}

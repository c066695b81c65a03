package org.mailstore.store.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.LogCapture;

/** What the reader does with segments it did not write: newer formats, damaged headers and files that are not segments. */
class SegmentHeaderTest {

    private static final String FIRST = "inst-000000000001.journal";
    private static final int VERSION_OFFSET = SegmentHeader.MAGIC.length;

    @TempDir
    Path dir;

    private final LogCapture log = LogCapture.of(Journal.class.getPackageName());

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    @Test
    void theHeaderStartsWithMagicAndVersionAndNamesInstanceAndSequence() throws IOException {
        writeSegment("inst", SampleRecords.delivery(1, 1));

        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(FIRST)));
        byte[] magic = new byte[8];
        header.get(magic);
        assertEquals("\u0089MSJ\r\n\u001a\n", new String(magic, StandardCharsets.ISO_8859_1));
        assertEquals(1, header.getShort());
        assertEquals(4, header.get());
        byte[] id = new byte[4];
        header.get(id);
        assertEquals("inst", new String(id, StandardCharsets.US_ASCII));
        assertEquals(1, header.getLong());
    }

    @Test
    void aSegmentOfANewerFormatIsRefusedNamingTheFile() throws IOException {
        writeSegment("inst", SampleRecords.delivery(1, 1));
        writeSegment("other", SampleRecords.delivery(2, 1));
        Path newer = dir.resolve("other-000000000001.journal");
        byte[] bytes = Files.readAllBytes(newer);
        ByteBuffer.wrap(bytes).putShort(VERSION_OFFSET, (short) 2);
        Files.write(newer, bytes);

        var e = assertThrows(JournalVersionException.class, () -> JournalReader.readAll(dir).close());
        assertEquals("journal segment " + newer + " has format version 2, but this mailstore reads only versions 1..1;"
                + " read it with the mailstore release that wrote it or a newer one", e.getMessage());
        assertEquals(newer, e.segment());
        assertEquals(2, e.version());
    }

    @Test
    void anInvalidVersionBelowTheOldestIsDamageNotAFutureFormat() throws IOException {
        writeSegment("inst", SampleRecords.delivery(1, 1));
        patch(FIRST, bytes -> ByteBuffer.wrap(bytes).putShort(VERSION_OFFSET, (short) 0));

        assertEquals(List.of(), readRecords());
        assertEquals(List.of(DamagedSegmentTest.warning(FIRST, 0, "invalid format version 0")), log.warnings());
    }

    @Test
    void aDamagedHeaderSkipsTheSegmentWithAWarning() throws IOException {
        writeSegment("inst", SampleRecords.delivery(1, 1));
        patch(FIRST, bytes -> bytes[12] ^= 0x20);  // "inst" -> "iNst": still a valid id, so only the CRC can tell

        assertEquals(List.of(), readRecords());
        assertEquals(List.of(DamagedSegmentTest.warning(FIRST, 0, "header checksum mismatch")), log.warnings());
    }

    @Test
    void garbageWithASegmentNameIsSkippedWithAWarningAndOtherSegmentsAreRead() throws IOException {
        byte[] garbage = new byte[10_000];
        new Random(42).nextBytes(garbage);
        Files.write(dir.resolve("aaa-000000000001.journal"), garbage);
        Files.write(dir.resolve("aaa-000000000002.journal"), new byte[0]);
        writeSegment("inst", SampleRecords.delivery(1, 1));

        assertEquals(List.of(SampleRecords.delivery(1, 1)), readRecords());
        assertEquals(List.of(
                DamagedSegmentTest.warning("aaa-000000000001.journal", 0, "not a journal segment (bad magic)"),
                DamagedSegmentTest.warning("aaa-000000000002.journal", 0, "empty file")), log.warnings());
    }

    @Test
    void aFileWhoseNameIsNotASegmentNameIsIgnoredWithAWarning() throws IOException {
        Files.writeString(dir.resolve("notes.journal"), "not a journal");
        Files.writeString(dir.resolve("inst-1.journal"), "sequence not zero-padded");
        Files.writeString(dir.resolve("README"), "no .journal suffix, not even looked at");
        Files.createDirectory(dir.resolve("sub-000000000001.journal"));
        writeSegment("inst", SampleRecords.delivery(1, 1));

        assertEquals(List.of(FIRST), JournalReader.segments(dir));
        log.clear();
        assertEquals(List.of(SampleRecords.delivery(1, 1)), readRecords());
        assertEquals(List.of(
                        ignored("inst-1.journal"), ignored("notes.journal"), ignored("sub-000000000001.journal")),
                log.warnings().stream().sorted().toList());
    }

    @Test
    void aSegmentRenamedToAnotherSequenceIsStillReadButFlagged() throws IOException {
        writeSegment("inst", SampleRecords.delivery(1, 1));
        Files.move(dir.resolve(FIRST), dir.resolve("inst-000000000007.journal"));

        assertEquals(List.of(SampleRecords.delivery(1, 1)), readRecords());
        assertEquals(List.of("journal segment inst-000000000007.journal says it is segment 1 of instance inst;"
                + " reading its records anyway"), log.warnings());
    }

    @Test
    void aMissingDirectoryIsAnErrorNotAnEmptyJournal() {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> JournalReader.readAll(dir.resolve("absent")));
    }

    private String ignored(String name) {
        return "ignoring " + name + " in journal directory " + dir + ": not a segment (<instance>-<12 digits>.journal)";
    }

    private void writeSegment(String instance, JournalRecord record) throws IOException {
        try (Journal journal = Journal.open(dir, instance)) {
            journal.append(List.of(record));
        }
    }

    private void patch(String segment, java.util.function.Consumer<byte[]> change) throws IOException {
        byte[] bytes = Files.readAllBytes(dir.resolve(segment));
        change.accept(bytes);
        Files.write(dir.resolve(segment), bytes);
    }

    private List<JournalRecord> readRecords() throws IOException {
        try (Stream<JournalEntry> entries = JournalReader.readAll(dir)) {
            return entries.map(JournalEntry::record).toList();
        }
    }
}

package org.mailstore.store.mime;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every corpus message parses to exactly its hand-written expectation. */
class MessageParserCorpusTest {

    static Stream<Corpus> corpus() {
        return Corpus.all();
    }

    @Test
    void corpusCoversAtLeastThirtyMessages() {
        assertTrue(Corpus.all().count() >= 30);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void parsesToTheHandWrittenExpectation(Corpus sample) throws IOException {
        MessageMetadata actual = MessageParser.parse(new ByteArrayInputStream(sample.raw()));
        Corpus.Expected expected = sample.expected();
        assertAll(
                () -> assertEquals(expected.size(), actual.size(), "size"),
                () -> assertEquals(expected.headerSize(), actual.headerSize(), "header size"),
                () -> assertEquals(expected.bodyLines(), actual.bodyLines(), "body lines"),
                () -> assertEquals(expected.envelope(), actual.envelope(), "ENVELOPE"),
                () -> assertEquals(expected.body(), actual.body(), "BODY"),
                () -> assertEquals(expected.bodyStructure(), actual.bodyStructure(), "BODYSTRUCTURE"),
                () -> assertEquals(expected.parts(), actual.parts(), "parts"),
                () -> assertArrayEquals(Arrays.copyOf(sample.raw(), (int) expected.headerSize()), actual.header(),
                        "header bytes"));
    }
}

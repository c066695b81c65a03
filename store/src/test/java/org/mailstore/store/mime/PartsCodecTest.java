package org.mailstore.store.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PartsCodecTest {

    static Stream<Corpus> corpus() {
        return Corpus.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyCorpusPartListRoundTrips(Corpus sample) throws Exception {
        List<MimePart> parts = MessageParser.parse(new ByteArrayInputStream(sample.raw())).parts();
        assertEquals(parts, PartsCodec.fromJson(PartsCodec.toJson(parts)));
    }

    @Test
    void writesCompactJson() {
        List<MimePart> parts = List.of(new MimePart("MESSAGE", 0, 10, 10, 5, 1), new MimePart("2.MESSAGE", 11, 2, 13, 0, 0));
        assertEquals("[{\"s\":\"MESSAGE\",\"ho\":0,\"hl\":10,\"bo\":10,\"bl\":5,\"ln\":1},"
                + "{\"s\":\"2.MESSAGE\",\"ho\":11,\"hl\":2,\"bo\":13,\"bl\":0,\"ln\":0}]", PartsCodec.toJson(parts));
        assertEquals("[]", PartsCodec.toJson(List.of()));
    }

    @Test
    void readsWhatPostgresqlJsonbGivesBack() {
        // jsonb output: keys reordered by length, a space after every ':' and ','.
        String jsonb = "[{\"s\": \"1.2\", \"bl\": 5, \"bo\": 10, \"hl\": 10, \"ho\": 0, \"ln\": 1}, "
                + "{\"s\": \"MESSAGE\", \"bl\": 0, \"bo\": 0, \"hl\": 0, \"ho\": 0, \"ln\": 0}]";
        assertEquals(List.of(new MimePart("1.2", 0, 10, 10, 5, 1), new MimePart("MESSAGE", 0, 0, 0, 0, 0)),
                PartsCodec.fromJson(jsonb));
        assertEquals(List.of(), PartsCodec.fromJson(" [ ] "));
        assertEquals(List.of(new MimePart("1", 0, 0, 0, 0, 0)),
                PartsCodec.fromJson("[{\"\\u0073\":\"\\u0031\",\"ho\":0,\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0}]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "{}",
        "[",
        "[{}]",
        "[{\"s\":\"1\",\"ho\":0,\"hl\":0,\"bo\":0,\"bl\":0}]",
        "[{\"s\":\"1\",\"ho\":0,\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0,\"x\":1}]",
        "[{\"s\":\"1\",\"ho\":0,\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0,\"ln\":0}]",
        "[{\"s\":\"1\",\"ho\":-1,\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0}]",
        "[{\"s\":\"1\",\"ho\":1.5,\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0}]",
        "[{\"s\":\"1\",\"ho\":1e3,\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0}]",
        "[{\"s\":\"1\",\"ho\":01,\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0}]",
        "[{\"s\":\"1\",\"ho\":99999999999999999999,\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0}]",
        "[{\"s\":\"1\",\"ho\":\"0\",\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0}]",
        "[{\"s\":1,\"ho\":0,\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0}]",
        "[{\"s\":\"0\",\"ho\":0,\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0}]",
        "[{\"s\":\"1.\",\"ho\":0,\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0}]",
        "[{\"s\":\"MESSAGE.1\",\"ho\":0,\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0}]",
        "[{\"s\":\"1\",\"ho\":0,\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0}] x",
        "[{\"s\":\"1\",\"ho\":0,\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0},]",
        "[{\"s\":\"1\" \"ho\":0,\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0}]",
        "[{\"s\":\"1\\q\",\"ho\":0,\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0}]",
        "[{\"s\":\"1,\"ho\":0,\"hl\":0,\"bo\":0,\"bl\":0,\"ln\":0}]",
        "null",
    })
    void rejectsAnythingElse(String json) {
        assertThrows(IllegalArgumentException.class, () -> PartsCodec.fromJson(json));
    }

    @Test
    void rejectsNull() {
        assertThrows(IllegalArgumentException.class, () -> PartsCodec.fromJson(null));
    }
}

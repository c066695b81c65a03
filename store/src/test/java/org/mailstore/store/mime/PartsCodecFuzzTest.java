package org.mailstore.store.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * The decoder of the {@code parts} cache column over arbitrary text (a corrupt or hand-edited row). Properties:
 * it either refuses with {@link IllegalArgumentException}, its one declared failure, or returns parts that encode
 * and decode to themselves.
 */
class PartsCodecFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void decodesOrRefuses(String json) {
        List<MimePart> parts;
        try {
            parts = PartsCodec.fromJson(json);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertEquals(parts, PartsCodec.fromJson(PartsCodec.toJson(parts)));
    }
}

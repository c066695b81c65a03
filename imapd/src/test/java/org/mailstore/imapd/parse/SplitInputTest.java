package org.mailstore.imapd.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailstore.net.testing.ChunkedInputStream;

/**
 * The reader must not care how the network cuts the bytes: every sample, split at every offset and fed one byte at
 * a time, gives the same results and the same continuation requests as in one piece.
 */
class SplitInputTest {

    @Test
    void everySampleIsACommandAndNotBad() {
        for (String sample : Samples.VALID) {
            List<String> results = Conversation.of(sample).drain();
            assertEquals(false, results.isEmpty(), sample);
            assertEquals(false, results.stream().anyMatch(r -> r.startsWith("Bad") || r.contains("then Bad")),
                    sample + " -> " + results);
        }
    }

    @Test
    void splitAtEveryOffset() {
        for (String sample : Samples.VALID) {
            byte[] bytes = sample.getBytes(StandardCharsets.UTF_8);
            Conversation whole = Conversation.of(bytes);
            List<String> expected = whole.drain();
            for (int cut = 1; cut < bytes.length; cut++) {
                Conversation split = new Conversation(new ChunkedInputStream(bytes, cut), ParserLimits.defaults());
                assertEquals(expected, split.drain(), sample + " cut at " + cut);
                assertEquals(whole.continuations, split.continuations, sample + " cut at " + cut);
            }
        }
    }

    @Test
    void oneByteAtATime() {
        for (String sample : Samples.VALID) {
            byte[] bytes = sample.getBytes(StandardCharsets.UTF_8);
            Conversation whole = Conversation.of(bytes);
            List<String> expected = whole.drain();
            Conversation slow = new Conversation(ChunkedInputStream.oneByteAtATime(bytes), ParserLimits.defaults());
            assertEquals(expected, slow.drain(), sample);
            assertEquals(whole.continuations, slow.continuations, sample);
        }
    }

    @Test
    void allSamplesInOneStream() {
        byte[] bytes = Samples.all().getBytes(StandardCharsets.UTF_8);
        List<String> results = new Conversation(new ByteArrayInputStream(bytes), ParserLimits.defaults()).drain();
        long commands = results.stream().filter(r -> r.startsWith("Command")).count();
        assertEquals(Samples.VALID.size(), commands);
        assertEquals(List.of(), results.stream().filter(r -> r.startsWith("Bad") || r.contains("then Bad")).toList());
    }
}

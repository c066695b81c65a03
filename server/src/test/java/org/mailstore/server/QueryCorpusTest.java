package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The query corpus says truly which messages hold its needle and common word, and reads like threaded mail. */
class QueryCorpusTest {
    private static final int SIZE = 2_000;
    private final QueryCorpus corpus = new QueryCorpus(SIZE, "q@bench.test");

    @Test
    void needleAndCommonWordAreWhereTheCorpusSays() {
        int needles = 0;
        int commons = 0;
        for (int n = 1; n <= SIZE; n++) {
            String text = decodedText(n);
            assertEquals(corpus.hasNeedle(n), text.contains(QueryCorpus.NEEDLE), "needle in message " + n);
            assertEquals(corpus.hasCommon(n), text.contains(QueryCorpus.COMMON), "common word in message " + n);
            if (corpus.hasNeedle(n)) needles++;
            if (corpus.hasCommon(n)) commons++;
        }
        assertEquals(QueryCorpus.NEEDLE_MESSAGES, needles);
        assertEquals(needles, corpus.needleCount());
        assertEquals(commons, corpus.commonCount());
        assertEquals(QueryCorpus.NEEDLE_MESSAGES, new QueryCorpus(100_000, "x@y").needleCount());
        assertEquals(7, new QueryCorpus(7, "x@y").needleCount());
    }

    @Test
    void repliesReferTheirAncestorsAndRepeatTheSubject() {
        int replies = 0;
        for (int n = 1; n <= SIZE; n++) {
            int parent = corpus.parent(n);
            if (parent == 0) continue;
            replies++;
            assertTrue(parent < n, "message " + n + " answers a later one");
            String m = new String(corpus.message(n), StandardCharsets.UTF_8);
            assertTrue(m.contains("In-Reply-To: <" + parent + ".query@bench.test>\r\n"), m);
            assertTrue(m.contains(" <" + parent + ".query@bench.test>\r\n"), "References end with the parent: " + m);
            assertTrue(m.contains("Subject: Re: ") || m.contains("Subject: =?UTF-8?B?"), m);
        }
        assertTrue(replies > SIZE / 3 && replies < SIZE * 2 / 3, replies + " replies");
    }

    @Test
    void theSameNumberGivesTheSameBytes() {
        QueryCorpus again = new QueryCorpus(SIZE, "q@bench.test");
        for (int n : new int[] {1, 9, 16, 17, 18, 1999}) assertArrayEquals(corpus.message(n), again.message(n));
    }

    @Test
    void quotedPrintableSoftBreaksLongLinesAndEscapesUtf8() {
        assertEquals("caf=C3=A9 =3D x\r\n", QueryCorpus.quotedPrintable("café = x\r\n"));
        String encoded = QueryCorpus.quotedPrintable("a".repeat(100) + "\r\n");
        assertEquals("a".repeat(75) + "=\r\n" + "a".repeat(25) + "\r\n", encoded);
    }

    /** The message with its base64 body decoded (the corpus's only encoding that hides words from a raw scan). */
    private String decodedText(int n) {
        String m = new String(corpus.message(n), StandardCharsets.UTF_8);
        if (!m.contains("Content-Transfer-Encoding: base64\r\n")) return m.replace("=\r\n", "");
        int body = m.indexOf("\r\n\r\n");
        String decoded = new String(Base64.getMimeDecoder().decode(m.substring(body + 4)), StandardCharsets.UTF_8);
        return m.substring(0, body) + "\r\n\r\n" + decoded;
    }
}

package org.mailstore.imapd.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The in-memory filter (a cached header: the first sync's path) and the streaming one (a header read from a blob)
 * give the same bytes: on every message of the MIME corpus, read whole so the filters must stop at the blank line
 * themselves, and on random headers built from the pieces that make filtering hard (folds, bare LF, lone CR, no
 * colon, white space around names, 8-bit names, overlong names, a missing last line break).
 */
class HeaderFilterPathsTest {
    private static final List<List<String>> NAME_LISTS = List.of(
            List.of("From", "To", "Cc", "Subject", "Date", "Message-ID", "References", "In-Reply-To", "Content-Type"),
            List.of("content-type"),
            List.of("RECEIVED", "x-mailer", "MIME-Version"),
            List.of("Sübject", "Ünknown", "Subject\u20ac"),
            List.of());

    static Stream<MimeCorpus> corpus() {
        return MimeCorpus.all();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void bothPathsAgreeOnTheCorpus(MimeCorpus sample) throws IOException {
        for (List<String> names : NAME_LISTS) {
            assertSame(HeaderFilter.including(names), sample.raw(), sample + " HEADER.FIELDS " + names);
            assertSame(HeaderFilter.excluding(names), sample.raw(), sample + " HEADER.FIELDS.NOT " + names);
        }
    }

    @Test
    void bothPathsAgreeOnRandomHeaders() throws IOException {
        Random random = new Random(20261125);
        for (int round = 0; round < 20_000; round++) {
            byte[] header = randomHeader(random);
            for (List<String> names : NAME_LISTS) {
                assertSame(HeaderFilter.including(names), header, "round " + round + " " + names);
                assertSame(HeaderFilter.excluding(names), header, "round " + round + " NOT " + names);
            }
        }
    }

    @Test
    void anOverlongNameIsComparedByItsFirstBytesOnBothPaths() throws IOException {
        String longName = "X-" + "n".repeat(HeaderFilter.MAX_NAME_BYTES - 2);
        byte[] header = (longName + "tail: v\r\n" + longName + ": w\r\nTo: z\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        assertSame(HeaderFilter.including(List.of(longName)), header, "including");
        assertSame(HeaderFilter.excluding(List.of(longName)), header, "excluding");
        assertEquals(longName + "tail: v\r\n" + longName + ": w\r\n\r\n", new String(HeaderFilter.including(List.of(longName))
                .apply(header), StandardCharsets.ISO_8859_1));
    }

    private static void assertSame(HeaderFilter filter, byte[] input, String what) throws IOException {
        String streamed = new String(filter.apply(new ByteArrayInputStream(input)), StandardCharsets.ISO_8859_1);
        String inMemory = new String(filter.apply(input), StandardCharsets.ISO_8859_1);
        assertEquals(streamed, inMemory, what);
    }

    private static final String[] PIECES = {
        "From", "from", " FROM ", "To", "Subject", "SUBJECT\t", "Content-Type", "Received", "X-Mailer", "sübject",
        "SÜBJECT", "Ünknown", "Message-ID", "x", "", " ", "\t", ":", ": ", "value", "=?utf-8?q?x?=", "\r\n", "\n", "\r",
        "\r\n ", "\r\n\t", "\n ", "\r\n\r\n", "\n\n", "body", "\u00ff", "\u00a0"
    };

    private static byte[] randomHeader(Random random) {
        StringBuilder b = new StringBuilder();
        int pieces = random.nextInt(40);
        List<String> used = new ArrayList<>();
        for (int i = 0; i < pieces; i++) {
            String piece = PIECES[random.nextInt(PIECES.length)];
            used.add(piece);
            b.append(piece);
        }
        if (random.nextInt(20) == 0) b.append("X-").append("y".repeat(HeaderFilter.MAX_NAME_BYTES + random.nextInt(3) - 1)).append(": v");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}

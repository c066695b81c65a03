package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseWriterTest {
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private final ResponseWriter w = new ResponseWriter(sink);

    private String written() throws IOException {
        w.flush();
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainTextIsQuotedWithEscapes() throws IOException {
        w.string("a \"b\" \\c").sp().nstring(null).sp().number(4_294_967_295L).crlf();
        assertEquals("\"a \\\"b\\\" \\\\c\" NIL 4294967295\r\n", written());
    }

    /** Every length of number, each written where the buffer may have to be drained first. */
    @Test
    void numbersOfEveryLengthAreWrittenInFullAcrossDrains() throws IOException {
        StringBuilder expected = new StringBuilder();
        for (int round = 0; round < 5_000; round++) {
            for (long v = 1, digits = 1; digits <= 19; v *= 10, digits++) {
                for (long n : new long[] {v - 1, v, v + round % 7}) {
                    w.number(n).sp();
                    expected.append(n).append(' ');
                }
            }
        }
        w.number(Long.MAX_VALUE);
        expected.append(Long.MAX_VALUE);
        assertEquals(expected.toString(), written());
    }

    @Test
    void lineBreaksAndNulForceALiteralSoNoResponseCanBeForged() throws IOException {
        w.string("x\r\n* BYE").crlf();
        assertEquals("{8}\r\nx\r\n* BYE\r\n", written());
    }

    @Test
    void eightBitTextIsALiteralInRev1AndQuotedInRev2() throws IOException {
        w.string("Entwürfe").sp();
        w.utf8Quoted(true);
        w.string("Entwürfe");
        assertEquals("{9}\r\nEntwürfe \"Entwürfe\"", written());
    }

    @Test
    void longStringsBecomeLiterals() throws IOException {
        String s = "a".repeat(ResponseWriter.MAX_QUOTED_BYTES + 1);
        w.string(s);
        assertEquals("{" + s.length() + "}\r\n" + s, written());
    }

    @Test
    void streamedLiteralPassesMoreThanTheBufferThrough() throws IOException {
        byte[] data = new byte[ResponseWriter.BUFFER_BYTES * 3 + 17];
        for (int i = 0; i < data.length; i++) data[i] = (byte) ('a' + i % 26);
        w.atom("* 1 FETCH (BODY[] ").literal(new ByteArrayInputStream(data), data.length).atom(")").crlf();
        assertEquals("* 1 FETCH (BODY[] {" + data.length + "}\r\n" + new String(data, StandardCharsets.US_ASCII) + ")\r\n", written());
    }

    @Test
    void aStreamShorterThanAnnouncedIsAnError() {
        assertThrows(IOException.class, () -> w.literal(new ByteArrayInputStream(new byte[3]), 4));
    }

    @Test
    void atomListsAreParenthesized() throws IOException {
        w.atomList(List.of("\\Seen", "$Junk")).sp().atomList(List.of());
        assertEquals("(\\Seen $Junk) ()", written());
    }

    @Test
    void internalDatesAreWhatTheFormatterGivesAcrossBufferEdgesAndOddYears() throws IOException {
        java.util.Random random = new java.util.Random(5);
        StringBuilder expected = new StringBuilder();
        long min = java.time.Instant.parse("-0001-01-01T00:00:00Z").getEpochSecond();
        long max = java.time.Instant.parse("+10001-01-01T00:00:00Z").getEpochSecond();
        java.util.List<java.time.Instant> dates = new java.util.ArrayList<>(java.util.List.of(
                java.time.Instant.parse("2026-11-05T09:08:07Z"), java.time.Instant.parse("2026-12-31T23:59:59.999Z"),
                java.time.Instant.parse("0001-01-01T00:00:00Z"), java.time.Instant.parse("9999-12-31T23:59:59Z"),
                java.time.Instant.parse("0000-06-01T00:00:00Z"), java.time.Instant.parse("+10000-01-01T00:00:00Z"),
                java.time.Instant.EPOCH));
        for (int i = 0; i < 5_000; i++) dates.add(java.time.Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min))));
        for (java.time.Instant t : dates) {
            w.atom("x").internalDate(t); // odd offsets, so some dates meet the buffer's end
            expected.append('x').append(Responses.internalDate(t));
        }
        assertEquals(expected.toString(), written());
    }

    @Test
    void switchingToTheBulkBufferAndBackLosesAndReordersNothing() throws IOException {
        StringBuilder expected = new StringBuilder();
        for (int round = 0; round < 3; round++) {
            w.atom("a").number(round);
            expected.append('a').append(round);
            w.bulk(true);
            w.bulk(true);
            byte[] big = ("x".repeat(ResponseWriter.BULK_BUFFER_BYTES - 3) + round).getBytes(StandardCharsets.US_ASCII);
            w.literal(big).crlf();
            expected.append('{').append(big.length).append("}\r\n").append(new String(big, StandardCharsets.US_ASCII)).append("\r\n");
            w.bulk(false);
            w.atom("b");
            expected.append('b');
        }
        assertEquals(expected.toString(), written());
    }
}

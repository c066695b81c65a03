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
}

package org.mailstore.store.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeaderFieldsTest {
    @Test
    void unfoldsKeepsOrderAndStopsAtTheBlankLine() {
        HeaderFields h = HeaderFields.parse(("Subject: one\r\n two\r\nfrom: a@example.org\r\nSUBJECT:second\r\n"
                + "X-Empty:\r\nnot a field\r\n\r\nSubject: body\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(List.of("one two", "second"), h.values("subject"));
        assertEquals(Optional.of("a@example.org"), h.first("From"));
        assertEquals(Optional.of(""), h.first("x-empty"));
        assertEquals(Optional.empty(), h.first("To"));
        assertEquals(List.of("Subject", "from", "SUBJECT", "X-Empty"), h.fields().stream().map(HeaderFields.Field::name).toList());
    }

    @Test
    void readsUtf8AndFallsBackToLatin1PerField() {
        byte[] latin1 = "Subject: caf\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf8 = "From: J\u00fcrgen <j@example.org>\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] header = new byte[latin1.length + utf8.length];
        System.arraycopy(latin1, 0, header, 0, latin1.length);
        System.arraycopy(utf8, 0, header, latin1.length, utf8.length);
        HeaderFields h = HeaderFields.parse(header);
        assertEquals(Optional.of("caf\u00e9"), h.first("subject"));
        assertEquals(Optional.of("J\u00fcrgen <j@example.org>"), h.first("from"));
    }

    @Test
    void decodesEncodedWords() {
        assertEquals("Grüße aus Köln", HeaderFields.decode("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus =?ISO-8859-1?B?S/Zsbg==?="));
        assertEquals("plain =? text", HeaderFields.decode("plain =? text"));
    }
}

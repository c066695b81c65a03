package org.mailstore.imapd.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** FETCH BINARY's decoders (RFC 2045 §6) and how a part's header names them. */
class TransferEncodingTest {

    private static InputStream ascii(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] decode(TransferEncoding e, String encoded) throws IOException {
        try (InputStream in = e.decode(ascii(encoded))) {
            return in.readAllBytes();
        }
    }

    @Test
    void theHeaderFieldNamesTheEncodingCaseAndCommentsAside() throws IOException {
        assertEquals(TransferEncoding.BASE64, TransferEncoding.of(ascii("Content-Type: image/png\r\nContent-Transfer-Encoding: Base64\r\n\r\nAAAA")));
        assertEquals(TransferEncoding.QUOTED_PRINTABLE, TransferEncoding.of(ascii("content-transfer-encoding:\r\n quoted-printable (folded)\r\n\r\n")));
        assertEquals(TransferEncoding.IDENTITY, TransferEncoding.of(ascii("Content-Type: text/plain\r\n\r\nContent-Transfer-Encoding: base64\r\n")));
        assertEquals(TransferEncoding.IDENTITY, TransferEncoding.of(ascii("Content-Transfer-Encoding: 8BIT\r\n\r\n")));
        assertEquals(TransferEncoding.IDENTITY, TransferEncoding.of(ascii("Content-Transfer-Encoding: binary\r\n\r\n")));
        assertEquals(TransferEncoding.UNKNOWN, TransferEncoding.of(ascii("Content-Transfer-Encoding: x-uuencode\r\n\r\n")));
    }

    @Test
    void quotedPrintableUndoesEscapesAndSoftBreaksAndKeepsMalformedEscapes() throws IOException {
        assertEquals("cafA = softbreak\r\nlinetwo", new String(decode(TransferEncoding.QUOTED_PRINTABLE,
                "caf=41 =3D soft=\r\nbreak\r\nline=\ntwo"), StandardCharsets.ISO_8859_1));
        assertArrayEquals(new byte[] {(byte) 0xc3, (byte) 0xa9, 0}, decode(TransferEncoding.QUOTED_PRINTABLE, "=C3=a9=00"));
        assertEquals("=ZZ =4 =", new String(decode(TransferEncoding.QUOTED_PRINTABLE, "=ZZ =4 ="), StandardCharsets.ISO_8859_1));
        assertEquals("a=\rb", new String(decode(TransferEncoding.QUOTED_PRINTABLE, "a=\rb"), StandardCharsets.ISO_8859_1));
    }

    @Test
    void base64IgnoresLineBreaksAndIdentityIsTheBytes() throws IOException {
        assertArrayEquals(new byte[] {0, 'h', 'i', 'h', 'i'}, decode(TransferEncoding.BASE64, "AGhp\r\naGk=\r\n"));
        assertEquals("as =41 stored", new String(decode(TransferEncoding.IDENTITY, "as =41 stored"), StandardCharsets.ISO_8859_1));
    }

    @Test
    void quotedPrintableSkipsDecodedBytes() throws IOException {
        try (InputStream in = TransferEncoding.QUOTED_PRINTABLE.decode(ascii("=41=42=43D"))) {
            in.skipNBytes(2);
            assertEquals("CD", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        }
    }
}

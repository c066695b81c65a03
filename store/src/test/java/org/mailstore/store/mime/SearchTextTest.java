package org.mailstore.store.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The stored search text: what it holds, in what form, and when there is none. */
class SearchTextTest {
    @Test
    void headerFieldsDecodedThenEachTextPartFolded() throws IOException {
        String text = of(ascii("Subject: =?ISO-8859-1?Q?Caf=E9?= Time\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
                + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nSo=\nft BR=C3=84K\n"
                + "--b\nContent-Type: application/pdf\n\nPDFBYTES\n--b\nContent-Type: text/html\n\n<P>Two</P>\n--b--\n"));
        assertEquals("subject: café time\ncontent-type: multipart/mixed; boundary=b\nsoft bräk\n<p>two</p>\n", text,
                "the PDF is no text; a part's last CRLF belongs to the boundary");
    }

    @Test
    void nulBecomesTheReplacementCharacter() throws IOException {
        byte[] raw = concat(ascii("Subject: n\n\n"), new byte[] {'a', 0, 'b', '\r', '\n'});
        assertEquals("subject: n\na\ufffdb\r\n\n", of(raw));
    }

    @Test
    void aTextOverTheCapIsNotStored() throws IOException {
        assertNull(of(ascii("Subject: big\n\n" + "y".repeat(SearchText.MAX_CHARS) + "\n")));
        String justUnder = of(ascii("Subject: s\n\n" + "y".repeat(SearchText.MAX_CHARS - 100) + "\n"));
        assertEquals(SearchText.MAX_CHARS - 100 + "subject: s\n".length() + 3, justUnder.length());
    }

    private static String of(byte[] raw) throws IOException {
        MessageMetadata m = MessageParser.parse(new ByteArrayInputStream(raw));
        return SearchText.of(m, ByteRanges.of(raw));
    }

    private static byte[] ascii(String s) {
        return s.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}

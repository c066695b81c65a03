package org.mailstore.imapd.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderFilterTest {
    private static final String HEADER = "Received: from a\r\n\tby b\r\n"
            + "subject: Hello\r\n"
            + "  world\r\n"
            + "From: a@example.org\r\n"
            + "X-Empty:\r\n"
            + "SUBJECT : second\r\n"
            + "\r\n"
            + "Subject: in the body\r\n";

    private static String including(String header, String... names) {
        return new String(HeaderFilter.including(List.of(names)).apply(header.getBytes(StandardCharsets.ISO_8859_1)),
                StandardCharsets.ISO_8859_1);
    }

    private static String excluding(String header, String... names) {
        return new String(HeaderFilter.excluding(List.of(names)).apply(header.getBytes(StandardCharsets.ISO_8859_1)),
                StandardCharsets.ISO_8859_1);
    }

    @Test
    void keepsMatchingFieldsWithTheirFoldsInHeaderOrderAndEndsWithTheBlankLine() {
        assertEquals("subject: Hello\r\n  world\r\nSUBJECT : second\r\n\r\n", including(HEADER, "Subject"));
        assertEquals("Received: from a\r\n\tby b\r\nFrom: a@example.org\r\n\r\n", including(HEADER, "from", "RECEIVED"));
        assertEquals("X-Empty:\r\n\r\n", including(HEADER, "x-empty"));
    }

    @Test
    void noMatchIsTheBlankLineAlone() {
        assertEquals("\r\n", including(HEADER, "Cc"));
        assertEquals("\r\n", including("", "Subject"));
        assertEquals("\r\n", excluding("", "Subject"));
    }

    @Test
    void notKeepsEverythingElseAndNeverReadsIntoTheBody() {
        assertEquals("Received: from a\r\n\tby b\r\nFrom: a@example.org\r\nX-Empty:\r\n\r\n", excluding(HEADER, "subject"));
        assertEquals(HEADER.substring(0, HEADER.indexOf("\r\n\r\n") + 4), excluding(HEADER));
    }

    @Test
    void bareLineFeedsStayAsTheyAreAndAnUnterminatedLastFieldGetsCrlf() {
        assertEquals("Subject: x\n\r\n", including("Subject: x\nFrom: y\n\nbody", "subject"));
        assertEquals("From: y\r\n\r\n", including("Subject: x\r\nFrom: y", "from"));
    }

    @Test
    void aLineWithoutColonMatchesNoNameButIsKeptByNot() {
        assertEquals("garbage line\r\nFrom: y\r\n\r\n", excluding("garbage line\r\nFrom: y\r\nTo: z\r\n\r\n", "to"));
        assertEquals("\r\n", including("garbage line\r\n\r\n", "garbage line"));
    }

    @Test
    void anOverlongNameIsCopiedWholeWhenKept() {
        String name = "X-" + "n".repeat(HeaderFilter.MAX_NAME_BYTES * 2);
        String header = name + ": v\r\nTo: z\r\n\r\n";
        assertEquals(name + ": v\r\n\r\n", excluding(header, "to"));
        assertEquals("\r\n", including(header, name));
    }

    @Test
    void readsFromAStreamThatGoesOnPastTheHeader() throws Exception {
        byte[] filtered = HeaderFilter.including(List.of("subject"))
                .apply(new ByteArrayInputStream(HEADER.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("subject: Hello\r\n  world\r\nSUBJECT : second\r\n\r\n", new String(filtered, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aLineStartingWithItsColonHasAnEmptyNameOnBothPaths() throws Exception {
        String header = ": no name\r\nTo: z\r\n\r\n";
        assertEquals(": no name\r\n\r\n", excluding(header, "to"));
        byte[] streamed = HeaderFilter.excluding(List.of("to")).apply(new ByteArrayInputStream(header.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(": no name\r\n\r\n", new String(streamed, StandardCharsets.ISO_8859_1));
    }
}

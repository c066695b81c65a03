package org.mailstore.store.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each named limit, just below and just past it. */
class MessageParserLimitsTest {

    @Test
    void multipartAtTheDepthLimitIsAnOpaqueTextPart() throws Exception {
        byte[] below = nestedMultiparts(MessageParser.MAX_DEPTH);
        MessageMetadata m = parse(below);
        String deepest = "1" + ".1".repeat(MessageParser.MAX_DEPTH - 1);
        assertTrue(MimePart.find(m.parts(), deepest).isPresent(), "a leaf at the limit is fine");
        assertTrue(m.bodyStructure().contains("\"b" + (MessageParser.MAX_DEPTH - 1) + "\""), "all containers kept");

        byte[] past = nestedMultiparts(MessageParser.MAX_DEPTH + 1);
        MessageMetadata cut = parse(past);
        assertEquals(MessageParser.MAX_DEPTH + 1, cut.parts().size(), "no entry deeper than the limit");
        assertTrue(cut.bodyStructure().contains("\"b" + (MessageParser.MAX_DEPTH - 1) + "\""));
        assertFalse(cut.bodyStructure().contains("\"b" + MessageParser.MAX_DEPTH + "\""),
                "the container at the limit is reported as text/plain, without its boundary");
        Invariants.check(past, cut);
    }

    @Test
    void partsPastTheLimitFoldIntoTheLastOne() throws Exception {
        int parts = MessageParser.MAX_PARTS + 50;
        StringBuilder message = new StringBuilder("Content-Type: multipart/mixed; boundary=p\r\n\r\n");
        for (int i = 1; i <= parts; i++) {
            message.append("--p\r\n\r\npart ").append(i).append("\r\n");
        }
        message.append("--p--\r\n");
        byte[] raw = message.toString().getBytes(StandardCharsets.US_ASCII);
        MessageMetadata m = parse(raw);
        int lastAllowed = MessageParser.MAX_PARTS - 1;
        assertEquals(MessageParser.MAX_PARTS, m.parts().size(), "the message and MAX_PARTS - 1 parts");
        MimePart last = MimePart.find(m.parts(), String.valueOf(lastAllowed)).orElseThrow();
        assertEquals(raw.length, last.bodyEnd(), "the last part holds the rest of the message");
        assertTrue(new String(raw, (int) last.bodyOffset(), (int) last.bodyLength(), StandardCharsets.US_ASCII)
                .startsWith("part " + lastAllowed + "\r\n--p\r\n"));
        Invariants.check(raw, m);
    }

    @Test
    void belowThePartLimitEveryDelimiterCounts() throws Exception {
        int parts = MessageParser.MAX_PARTS - 2;
        MessageMetadata m = parse(multipartWithParts(parts));
        MimePart last = MimePart.find(m.parts(), String.valueOf(parts)).orElseThrow();
        assertEquals(4, last.bodyLength(), "the last part ends at the close delimiter");
    }

    @Test
    void theEntityThatReachesThePartLimitKeepsTheRestOfTheMessage() throws Exception {
        int parts = MessageParser.MAX_PARTS - 1;
        byte[] raw = multipartWithParts(parts);
        MessageMetadata m = parse(raw);
        MimePart last = MimePart.find(m.parts(), String.valueOf(parts)).orElseThrow();
        assertEquals(MessageParser.MAX_PARTS, m.parts().size(), "the message and all its parts");
        assertEquals("part\r\n--p--\r\n", new String(raw, (int) last.bodyOffset(), (int) last.bodyLength(),
                StandardCharsets.US_ASCII), "no boundary counts after the limit, not even the close delimiter");
    }

    private static byte[] multipartWithParts(int parts) {
        StringBuilder message = new StringBuilder("Content-Type: multipart/mixed; boundary=p\r\n\r\n");
        message.append("--p\r\n\r\npart\r\n".repeat(parts));
        return message.append("--p--\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void headerLongerThanTheCapIsCutInTheCacheOnly() throws Exception {
        StringBuilder header = new StringBuilder("Subject: kept\r\n");
        String filler = "X-Filler: " + "f".repeat(1000) + "\r\n";
        while (header.length() < MessageParser.MAX_HEADER_BYTES + 10_000) {
            header.append(filler);
        }
        header.append("Message-ID: <beyond-the-cap@example.com>\r\n\r\nbody\r\n");
        byte[] raw = header.toString().getBytes(StandardCharsets.US_ASCII);
        MessageMetadata m = parse(raw);
        assertEquals(raw.length - 6, m.headerSize());
        assertEquals(MessageParser.MAX_HEADER_BYTES, m.header().length);
        assertFalse(m.headerComplete());
        assertTrue(m.envelope().startsWith("(NIL \"kept\" "), m.envelope().substring(0, 40));
        assertTrue(m.envelope().endsWith(" NIL NIL)"), "fields past the cap are not read");
        Invariants.check(raw, m);
    }

    @Test
    void headerOfExactlyTheCapIsCachedWhole() throws Exception {
        String end = "\r\n\r\n";
        String subject = "Subject: ";
        String value = "v".repeat(MessageParser.MAX_HEADER_BYTES - subject.length() - end.length());
        byte[] raw = (subject + value + end + "body").getBytes(StandardCharsets.US_ASCII);
        MessageMetadata m = parse(raw);
        assertEquals(MessageParser.MAX_HEADER_BYTES, m.headerSize());
        assertTrue(m.headerComplete());
        assertTrue(m.envelope().contains("\"" + value + "\""));
    }

    @Test
    void boundaryLongerThanAllowedIsIgnored() throws Exception {
        String ok = "b".repeat(StructureScanner.MAX_BOUNDARY_BYTES);
        String tooLong = ok + "b";
        assertEquals(2, parse(multipartWithBoundary(ok)).parts().size() - 1, "two parts");
        MessageMetadata m = parse(multipartWithBoundary(tooLong));
        assertTrue(m.body().startsWith("((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0)"),
                "no part found: the one empty part Dovecot reports");
    }

    private static byte[] multipartWithBoundary(String boundary) {
        return ("Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n--" + boundary + "\r\n\r\none\r\n--"
                + boundary + "\r\n\r\ntwo\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A message whose body is {@code levels} multiparts nested in each other, the innermost holding text. */
    private static byte[] nestedMultiparts(int levels) {
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            message.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i)
                    .append("\r\n");
        }
        message.append("\r\ntext\r\n");
        for (int i = levels - 1; i >= 0; i--) {
            message.append("--b").append(i).append("--\r\n");
        }
        return message.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static MessageMetadata parse(byte[] raw) throws IOException {
        return MessageParser.parse(new ByteArrayInputStream(raw));
    }
}

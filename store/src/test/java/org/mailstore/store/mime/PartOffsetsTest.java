package org.mailstore.store.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cached ranges are the real thing: internally consistent for every corpus message, and for the
 * well-formed ones (ORACLE jakarta) byte-for-byte what Jakarta Mail, an independent MIME parser, reads as
 * each part's content and each message's text.
 */
class PartOffsetsTest {

    private static final Session SESSION = Session.getInstance(new Properties());

    static Stream<Corpus> corpus() {
        return Corpus.all();
    }

    static Stream<Corpus> wellFormed() {
        return Corpus.all().filter(c -> c.expected().jakartaOracle());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void rangesNestAndCountTheirLines(Corpus sample) throws IOException {
        byte[] raw = sample.raw();
        MessageMetadata m = MessageParser.parse(new ByteArrayInputStream(raw));
        assertEquals(new MimePart(MimePart.MESSAGE, 0, m.headerSize(), m.headerSize(), m.size() - m.headerSize(),
                m.bodyLines()), m.parts().getFirst());
        for (MimePart p : m.parts()) {
            assertEquals(p.headerEnd(), p.bodyOffset(), p.section() + ": the body follows the header");
            assertTrue(p.headerOffset() >= 0 && p.bodyEnd() <= raw.length, p.section() + " lies in the message");
            assertEquals(lineFeeds(raw, p.bodyOffset(), p.bodyEnd()), p.bodyLines(), p.section() + " lines");
            MimePart parent = parentOf(m.parts(), p.section());
            assertTrue(parent.headerOffset() <= p.headerOffset() && p.bodyEnd() <= parent.bodyEnd(),
                    p.section() + " lies inside " + parent.section());
            if (p.isMessage() && !p.section().equals(MimePart.MESSAGE)) {
                assertEquals(parent.bodyOffset(), p.headerOffset(), p.section() + " starts its part");
                assertEquals(parent.bodyEnd(), p.bodyEnd(), p.section() + " fills its part");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void bodiesAreWhatJakartaMailReads(Corpus sample) throws Exception {
        MessageMetadata m = MessageParser.parse(new ByteArrayInputStream(sample.raw()));
        new Walk(sample.raw(), m.parts()).message(new MimeMessage(SESSION, new ByteArrayInputStream(sample.raw())), "");
    }

    /** Walks Jakarta Mail's view of a message next to the cached entries. */
    private record Walk(byte[] raw, List<MimePart> parts) {

        void message(MimeMessage message, String number) throws Exception {
            MimePart entry = entry(MimePart.messageSection(number));
            assertRange(entry, content(message));
            assertEndsWithBlankLine(entry);
            String prefix = number.isEmpty() ? "" : number + ".";
            if (message.isMimeType("multipart/*")) {
                multipart(message, prefix);
            } else {
                MimePart body = entry(prefix + "1");
                assertEquals(List.of(entry.headerOffset(), entry.headerLength(), entry.bodyOffset(), entry.bodyLength()),
                        List.of(body.headerOffset(), body.headerLength(), body.bodyOffset(), body.bodyLength()),
                        "part 1 of a single-part message is its body under its header");
                part(message, prefix + "1", false);
            }
        }

        void part(Part part, String section, boolean digestChild) throws Exception {
            MimePart entry = entry(section);
            byte[] content = content(part);
            assertRange(entry, content);
            boolean typed = part.getHeader("Content-Type") != null;
            if (part.isMimeType("multipart/*")) {
                multipart(part, section + ".");
            } else if (part.isMimeType("message/rfc822") || (digestChild && !typed)) {
                message(new MimeMessage(SESSION, new ByteArrayInputStream(content)), section);
            }
        }

        void multipart(Part part, String prefix) throws Exception {
            MimeMultipart multipart = new MimeMultipart(new ByteArrayDataSource(content(part), part.getContentType()));
            long ours = parts.stream().filter(p -> isChild(p.section(), prefix)).count();
            assertEquals(multipart.getCount(), ours, "parts under '" + prefix + "'");
            boolean digest = part.isMimeType("multipart/digest");
            for (int i = 0; i < multipart.getCount(); i++) {
                MimeBodyPart child = (MimeBodyPart) multipart.getBodyPart(i);
                assertEndsWithBlankLine(entry(prefix + (i + 1)));
                part(child, prefix + (i + 1), digest);
            }
        }

        MimePart entry(String section) {
            return MimePart.find(parts, section).orElseThrow(() -> new AssertionError("no entry " + section));
        }

        void assertRange(MimePart entry, byte[] expected) {
            assertArrayEquals(expected, Arrays.copyOfRange(raw, (int) entry.bodyOffset(), (int) entry.bodyEnd()),
                    "body of " + entry.section());
        }

        void assertEndsWithBlankLine(MimePart entry) {
            String header = new String(raw, (int) entry.headerOffset(), (int) entry.headerLength(),
                    StandardCharsets.ISO_8859_1);
            assertTrue(header.isEmpty() || header.endsWith("\n\n") || header.endsWith("\n\r\n")
                    || header.equals("\r\n") || header.equals("\n"), entry.section() + " header ends with its blank line");
        }
    }

    private static boolean isChild(String section, String prefix) {
        return section.startsWith(prefix) && section.substring(prefix.length()).matches("[0-9]+");
    }

    private static byte[] content(Part part) throws MessagingException, IOException {
        try (InputStream in = part instanceof MimeMessage message ? message.getRawInputStream()
                : ((MimeBodyPart) part).getRawInputStream()) {
            return in.readAllBytes();
        }
    }

    /** The entry a section lies in: its part, or for a part directly under a message, that message. */
    private static MimePart parentOf(List<MimePart> parts, String section) {
        if (section.equals(MimePart.MESSAGE)) {
            return parts.getFirst();
        }
        if (section.endsWith("." + MimePart.MESSAGE)) {
            return MimePart.find(parts, section.substring(0, section.length() - MimePart.MESSAGE.length() - 1))
                    .orElseThrow();
        }
        int dot = section.lastIndexOf('.');
        String parent = dot < 0 ? MimePart.MESSAGE : section.substring(0, dot);
        return MimePart.find(parts, parent).orElseThrow();
    }

    private static long lineFeeds(byte[] raw, long from, long to) {
        long n = 0;
        for (long i = from; i < to; i++) {
            if (raw[(int) i] == '\n') {
                n++;
            }
        }
        return n;
    }
}

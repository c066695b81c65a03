package org.mailstore.imapd.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mailstore.imapd.fetch.Sections.fetch;
import static org.mailstore.imapd.fetch.Sections.section;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailstore.imapd.command.FetchAttribute;
import org.mailstore.imapd.command.Section;
import org.mailstore.store.BlobMetadata;

/**
 * Every section form on the store's MIME corpus, checked against references computed without our parser: a
 * plain scan for the header's blank line, and Jakarta Mail's reading of each part (raw content, MIME headers,
 * encapsulated messages, matching header lines) for the samples it reads as we do.
 */
class SectionLocatorCorpusTest {
    private static final Session SESSION = Session.getInstance(new Properties());
    private static final List<String> SYNC_FIELDS =
            List.of("From", "To", "Cc", "Subject", "Date", "Message-ID", "References", "In-Reply-To", "Content-Type");

    static Stream<MimeCorpus> corpus() {
        return MimeCorpus.all();
    }

    static Stream<MimeCorpus> wellFormed() {
        return MimeCorpus.all().filter(MimeCorpus::wellFormed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void wholeHeaderAndTextPartitionTheMessage(MimeCorpus sample) {
        byte[] raw = sample.raw();
        BlobMetadata m = Sections.metadata(raw);
        assertArrayEquals(raw, fetch(raw, m, Section.WHOLE));
        byte[] header = fetch(raw, m, section("", Section.Text.HEADER));
        byte[] text = fetch(raw, m, section("", Section.Text.TEXT));
        assertArrayEquals(raw, concat(header, text));
        assertArrayEquals(raw, Sections.resolve(SectionLocator.locate(m, FetchAttribute.Simple.RFC822), raw));
        assertArrayEquals(header, Sections.resolve(SectionLocator.locate(m, FetchAttribute.Simple.RFC822_HEADER), raw));
        assertArrayEquals(text, Sections.resolve(SectionLocator.locate(m, FetchAttribute.Simple.RFC822_TEXT), raw));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void headerEndsAtTheFirstBlankLine(MimeCorpus sample) {
        byte[] raw = sample.raw();
        BlobMetadata m = Sections.metadata(raw);
        assertArrayEquals(Arrays.copyOf(raw, headerEnd(raw, 0)), fetch(raw, m, section("", Section.Text.HEADER)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void everyPartMatchesJakartaMail(MimeCorpus sample) throws Exception {
        byte[] raw = sample.raw();
        BlobMetadata m = Sections.metadata(raw);
        MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
        List<String> checked = new ArrayList<>();
        checkMessageBody(raw, m, message, "", checked);
        assertTrue(checked.contains("1"), "part 1 always exists: " + checked);
        assertEquals(0, fetch(raw, m, section("99", Section.Text.NONE)).length, "a part that does not exist is empty");
        assertEquals(0, fetch(raw, m, section("1.2.3.4.5", Section.Text.MIME)).length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void headerFieldsMatchJakartaMailsMatchingLines(MimeCorpus sample) throws Exception {
        byte[] raw = sample.raw();
        BlobMetadata m = Sections.metadata(raw);
        InternetHeaders headers = new InternetHeaders(new ByteArrayInputStream(raw));
        String[] names = SYNC_FIELDS.toArray(String[]::new);
        // Jakarta rejoins folded lines with CRLF; a bare-LF sample is compared in that form.
        assertEquals(lines(headers.getMatchingHeaderLines(names)),
                crlf(fetch(raw, m, section("", Section.Text.HEADER_FIELDS, names))));
        assertEquals(lines(headers.getNonMatchingHeaderLines(names)),
                crlf(fetch(raw, m, section("", Section.Text.HEADER_FIELDS_NOT, names))));
        String[] upper = SYNC_FIELDS.stream().map(String::toUpperCase).toArray(String[]::new);
        assertEquals(lines(headers.getMatchingHeaderLines(names)),
                crlf(fetch(raw, m, section("", Section.Text.HEADER_FIELDS, upper))), "names match without regard to case");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void partialsAreClippedToTheSection(MimeCorpus sample) {
        byte[] raw = sample.raw();
        BlobMetadata m = Sections.metadata(raw);
        for (Section s : List.of(Section.WHOLE, section("", Section.Text.HEADER), section("", Section.Text.TEXT),
                section("", Section.Text.HEADER_FIELDS, "Subject", "From"), section("1", Section.Text.NONE),
                section("1", Section.Text.MIME))) {
            byte[] whole = fetch(raw, m, s);
            int n = whole.length;
            long[][] partials = {{0, 0}, {0, 1}, {0, n}, {0, n + 1L}, {1, n}, {n / 2, 3}, {Math.max(0, n - 1), 10}, {n, 5},
                    {n + 1L, 5}, {0, Long.MAX_VALUE}, {Long.MAX_VALUE - 1, 1}};
            for (long[] p : partials) {
                int from = (int) Math.min(p[0], n);
                int to = (int) Math.min((long) from + Math.min(p[1], n), n);
                assertArrayEquals(Arrays.copyOfRange(whole, from, to), fetch(raw, m, s, p[0], p[1]),
                        s + " <" + p[0] + "." + p[1] + ">");
            }
        }
    }

    /** Checks the parts under {@code prefix} ("" for the top level) against Jakarta's reading of {@code part}'s body. */
    private static void checkMessageBody(byte[] raw, BlobMetadata m, Part message, String prefix, List<String> checked)
            throws Exception {
        if (message.isMimeType("multipart/*")) {
            MimeMultipart multipart = (MimeMultipart) message.getContent();
            boolean digest = message.isMimeType("multipart/digest");
            for (int i = 0; i < multipart.getCount(); i++) {
                checkPart(raw, m, (MimeBodyPart) multipart.getBodyPart(i), digest, prefix + (i + 1), checked);
            }
        } else {
            // The body of a non-multipart message is its part 1, with the message header as MIME header.
            String number = prefix + "1";
            assertArrayEquals(rawContent(message), fetch(raw, m, section(number, Section.Text.NONE)), number);
            assertHeaders(message, fetch(raw, m, section(number, Section.Text.MIME)), number + ".MIME");
            checked.add(number);
            if (message.isMimeType("message/rfc822")) {
                checkEncapsulated(raw, m, (MimeMessage) message.getContent(), number, checked);
            }
        }
    }

    private static void checkPart(byte[] raw, BlobMetadata m, MimeBodyPart part, boolean inDigest, String number,
                                  List<String> checked) throws Exception {
        checked.add(number);
        byte[] body = fetch(raw, m, section(number, Section.Text.NONE));
        assertArrayEquals(rawContent(part), body, number);
        assertHeaders(part, fetch(raw, m, section(number, Section.Text.MIME)), number + ".MIME");
        if (part.isMimeType("multipart/*")) {
            checkMessageBody(raw, m, part, number + ".", checked);
        } else if (part.isMimeType("message/rfc822")) {
            checkEncapsulated(raw, m, (MimeMessage) part.getContent(), number, checked);
        } else if (inDigest && part.getHeader("Content-Type") == null) {
            // RFC 2046 §5.1.5: a digest's parts are message/rfc822 by default, which Jakarta does not apply.
            checkEncapsulated(raw, m, new MimeMessage(SESSION, part.getRawInputStream()), number, checked);
        } else {
            assertEquals(0, fetch(raw, m, section(number, Section.Text.HEADER)).length, number + ".HEADER of a non-message part");
            assertEquals(0, fetch(raw, m, section(number, Section.Text.TEXT)).length, number + ".TEXT of a non-message part");
        }
    }

    private static void checkEncapsulated(byte[] raw, BlobMetadata m, MimeMessage inner, String number, List<String> checked)
            throws Exception {
        byte[] whole = fetch(raw, m, section(number, Section.Text.NONE));
        byte[] header = fetch(raw, m, section(number, Section.Text.HEADER));
        byte[] text = fetch(raw, m, section(number, Section.Text.TEXT));
        assertArrayEquals(whole, concat(header, text), number + ": HEADER + TEXT is the attached message");
        assertArrayEquals(Arrays.copyOf(whole, headerEnd(whole, 0)), header, number + ".HEADER");
        assertArrayEquals(rawContent(inner), text, number + ".TEXT");
        InternetHeaders headers = new InternetHeaders(new ByteArrayInputStream(whole));
        String[] names = {"subject", "FROM", "date"};
        assertEquals(lines(headers.getMatchingHeaderLines(names)),
                crlf(fetch(raw, m, section(number, Section.Text.HEADER_FIELDS, names))), number + ".HEADER.FIELDS");
        assertEquals(lines(headers.getNonMatchingHeaderLines(names)),
                crlf(fetch(raw, m, section(number, Section.Text.HEADER_FIELDS_NOT, names))), number + ".HEADER.FIELDS.NOT");
        checkMessageBody(raw, m, inner, number + ".", checked);
    }

    private static void assertHeaders(Part expected, byte[] mime, String what) throws MessagingException {
        InternetHeaders actual = new InternetHeaders(new ByteArrayInputStream(mime));
        assertEquals(Collections.list(((jakarta.mail.internet.MimePart) expected).getAllHeaderLines()),
                Collections.list(actual.getAllHeaderLines()), what);
    }

    private static byte[] rawContent(Part part) throws MessagingException, IOException {
        InputStream in = part instanceof MimeMessage msg ? msg.getRawInputStream() : ((MimeBodyPart) part).getRawInputStream();
        try (in) {
            return in.readAllBytes();
        }
    }

    /** Offset just past the first empty line at or after {@code from}, or the end: a reference independent of our parser. */
    private static int headerEnd(byte[] raw, int from) {
        int line = from;
        while (line < raw.length) {
            int eol = line;
            while (eol < raw.length && raw[eol] != '\n') eol++;
            boolean empty = eol == line || (eol == line + 1 && raw[line] == '\r');
            if (eol == raw.length) return raw.length;
            if (empty) return eol + 1;
            line = eol + 1;
        }
        return raw.length;
    }

    private static String lines(java.util.Enumeration<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : Collections.list(lines)) sb.append(line).append("\r\n");
        return sb.append("\r\n").toString();
    }

    /** Our bytes with every line break as CRLF, as Jakarta reports header lines. */
    private static String crlf(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}

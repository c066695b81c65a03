package org.mailstore.store.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.eclipse.angus.mail.imap.protocol.BODYSTRUCTURE;
import org.eclipse.angus.mail.imap.protocol.ENVELOPE;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real IMAP client reads our output: Angus Mail's protocol classes parse a FETCH response carrying each
 * corpus message's ENVELOPE, BODYSTRUCTURE and BODY from a byte stream, as they would off the network,
 * and what they read must agree with Jakarta Mail's reading of the raw message (subject, From, media
 * types) and with the cached offsets (part numbers, sizes, line counts).
 */
class AngusCrossCheckTest {

    private static final Session SESSION = Session.getInstance(new Properties());

    static Stream<Corpus> corpus() {
        return Corpus.all();
    }

    static Stream<Corpus> wellFormed() {
        return Corpus.all().filter(c -> c.expected().jakartaOracle());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void envelopeAgreesWithTheRawHeader(Corpus sample) throws Exception {
        MessageMetadata m = MessageParser.parse(new ByteArrayInputStream(sample.raw()));
        ENVELOPE envelope = fetch("* 1 FETCH (ENVELOPE " + m.envelope() + ")").getItem(ENVELOPE.class);
        assertNotNull(envelope);
        MimeMessage jakarta = new MimeMessage(SESSION, new ByteArrayInputStream(sample.raw()));
        assertEquals(lastValue(jakarta, "Subject"), wire(envelope.subject), "subject");
        String from = lastValue(jakarta, "From");
        List<String> expected = new ArrayList<>();
        for (InternetAddress a : from == null ? new InternetAddress[0] : InternetAddress.parseHeader(from, false)) {
            expected.add(a.getPersonal() + " <" + a.getAddress() + ">");
        }
        List<String> actual = new ArrayList<>();
        for (InternetAddress a : envelope.from == null ? new InternetAddress[0] : envelope.from) {
            actual.add(wire(a.getPersonal()) + " <" + a.getAddress() + ">");
        }
        assertEquals(expected, actual, "From");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void bodyStructureAgreesWithTheCachedParts(Corpus sample) throws Exception {
        MessageMetadata m = MessageParser.parse(new ByteArrayInputStream(sample.raw()));
        BODYSTRUCTURE extended = fetch("* 1 FETCH (BODYSTRUCTURE " + m.bodyStructure() + ")")
                .getItem(BODYSTRUCTURE.class);
        BODYSTRUCTURE basic = fetch("* 1 FETCH (BODY " + m.body() + ")").getItem(BODYSTRUCTURE.class);
        Map<String, BODYSTRUCTURE> sections = sections(extended);
        assertEquals(sections(basic).keySet(), sections.keySet(), "BODY and BODYSTRUCTURE have the same parts");
        List<String> cached = m.parts().stream().filter(p -> !p.isMessage()).map(MimePart::section).toList();
        assertEquals(cached, List.copyOf(sections.keySet()), "part numbers");
        for (Map.Entry<String, BODYSTRUCTURE> e : sections.entrySet()) {
            MimePart part = MimePart.find(m.parts(), e.getKey()).orElseThrow();
            BODYSTRUCTURE bs = e.getValue();
            if (!bs.isMulti()) {
                assertEquals(part.bodyLength(), bs.size, e.getKey() + " size");
                if (bs.lines >= 0) {
                    assertEquals(part.bodyLines(), bs.lines, e.getKey() + " lines");
                }
            }
            assertEquals(bs.type + "/" + bs.subtype, sections(basic).get(e.getKey()).type + "/"
                    + sections(basic).get(e.getKey()).subtype);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void mediaTypesAgreeWithJakartaMail(Corpus sample) throws Exception {
        MessageMetadata m = MessageParser.parse(new ByteArrayInputStream(sample.raw()));
        BODYSTRUCTURE bs = fetch("* 1 FETCH (BODYSTRUCTURE " + m.bodyStructure() + ")").getItem(BODYSTRUCTURE.class);
        Map<String, String> angus = new LinkedHashMap<>();
        sections(bs).forEach((section, b) -> angus.put(section, (b.type + "/" + b.subtype).toLowerCase(Locale.ROOT)));
        Map<String, String> jakarta = new LinkedHashMap<>();
        jakartaMessage(new MimeMessage(SESSION, new ByteArrayInputStream(sample.raw())), "", jakarta);
        assertEquals(jakarta, angus);
    }

    private static FetchResponse fetch(String response) throws Exception {
        return AngusClient.fetch(response);
    }

    /** Part number to body structure, in document order, numbered as RFC 3501 §6.4.5 numbers sections. */
    private static Map<String, BODYSTRUCTURE> sections(BODYSTRUCTURE message) {
        Map<String, BODYSTRUCTURE> out = new LinkedHashMap<>();
        messageBody(message, "", out);
        return out;
    }

    private static void messageBody(BODYSTRUCTURE body, String prefix, Map<String, BODYSTRUCTURE> out) {
        if (body.isMulti()) {
            for (int i = 0; i < body.bodies.length; i++) {
                part(body.bodies[i], prefix + (i + 1), out);
            }
        } else {
            part(body, prefix + "1", out);
        }
    }

    private static void part(BODYSTRUCTURE body, String section, Map<String, BODYSTRUCTURE> out) {
        out.put(section, body);
        if (body.isMulti()) {
            for (int i = 0; i < body.bodies.length; i++) {
                part(body.bodies[i], section + "." + (i + 1), out);
            }
        } else if (body.isNested()) {
            messageBody(body.bodies[0], section + ".", out);
        }
    }

    private static void jakartaMessage(MimeMessage message, String prefix, Map<String, String> out) throws Exception {
        if (message.isMimeType("multipart/*")) {
            jakartaMultipart(message, prefix, out);
        } else {
            jakartaPart(message, prefix + "1", false, out);
        }
    }

    private static void jakartaPart(Part part, String section, boolean digestChild, Map<String, String> out)
            throws Exception {
        boolean typed = part.getHeader("Content-Type") != null;
        // RFC 2046 5.1.5: untyped parts of a digest are message/rfc822; Jakarta Mail says text/plain.
        String type = digestChild && !typed ? "message/rfc822"
                : new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        out.put(section, type);
        if (type.startsWith("multipart/")) {
            jakartaMultipart(part, section + ".", out);
        } else if (type.equals("message/rfc822")) {
            jakartaMessage(new MimeMessage(SESSION, new ByteArrayInputStream(raw(part))), section + ".", out);
        }
    }

    private static void jakartaMultipart(Part part, String prefix, Map<String, String> out) throws Exception {
        MimeMultipart multipart = new MimeMultipart(new ByteArrayDataSource(raw(part), part.getContentType()));
        boolean digest = part.isMimeType("multipart/digest");
        for (int i = 0; i < multipart.getCount(); i++) {
            jakartaPart(multipart.getBodyPart(i), prefix + (i + 1), digest, out);
        }
    }

    private static byte[] raw(Part part) throws Exception {
        try (InputStream in = part instanceof MimeMessage message ? message.getRawInputStream()
                : ((MimeBodyPart) part).getRawInputStream()) {
            return in.readAllBytes();
        }
    }

    /**
     * The last occurrence of a header field as our ENVELOPE must carry it: unfolded, NUL as U+FFFD, 8-bit
     * bytes read as UTF-8 when valid and as ISO-8859-1 otherwise (Jakarta Mail hands them over as
     * ISO-8859-1 characters).
     */
    private static String lastValue(MimeMessage message, String name) throws Exception {
        String[] values = message.getHeader(name);
        if (values == null) {
            return null;
        }
        return eightBit(values[values.length - 1].replace("\r", "").replace("\n", "")).replace('\0', '\uFFFD');
    }

    /** Angus reads literal bytes as ISO-8859-1 characters on a connection without UTF8=ACCEPT. */
    private static String wire(String value) {
        return value == null ? null : eightBit(value);
    }

    private static String eightBit(String latin1) {
        byte[] bytes = latin1.getBytes(StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return latin1;
        }
    }
}

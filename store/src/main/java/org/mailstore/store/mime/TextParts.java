package org.mailstore.store.mime;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;

/**
 * The body text SEARCH BODY and TEXT look at: every leaf part whose MIME type is {@code text/*} (the default when a
 * part has no Content-Type), including those of attached messages, decoded from base64 or quoted-printable and from
 * its charset (any the JDK knows; none, US-ASCII and unknown ones are read as UTF-8), malformed bytes replaced.
 * Attachments of other types, containers and MIME headers are not text. The evaluator in imapd and the stored
 * search text ({@link SearchText}) both read parts through here, so they see the same characters.
 */
public final class TextParts {
    /** A part's MIME header is read up to this size to learn its type; longer ones are cut. */
    public static final int MAX_PART_HEADER_BYTES = 64 * 1024;
    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;\"]+))");

    /** Reads one part's decoded text; returns true to stop before the next part. */
    @FunctionalInterface
    public interface PartText {
        boolean read(Reader text) throws IOException;
    }

    private TextParts() {}

    /** Calls {@code each} with the decoded text of each text part in document order, until it returns true. */
    public static void forEach(List<MimePart> parts, ByteRanges ranges, PartText each) throws IOException {
        for (MimePart part : parts) {
            if (!isLeaf(parts, part)) continue;
            HeaderFields mime = partHeader(ranges, part);
            String type = mime.first("Content-Type").orElse("text/plain");
            if (!type.strip().toLowerCase(Locale.ROOT).startsWith("text/")) continue;
            try (Reader text = decoded(ranges.open(part.bodyOffset(), part.bodyLength()), mime, type)) {
                if (each.read(text)) return;
            }
        }
    }

    /** A body part no other entry lies under: not a multipart or message/rfc822 container. */
    private static boolean isLeaf(List<MimePart> parts, MimePart part) {
        if (part.isMessage()) return false;
        String prefix = part.section() + ".";
        for (MimePart other : parts) {
            if (other.section().startsWith(prefix)) return false;
        }
        return true;
    }

    private static HeaderFields partHeader(ByteRanges ranges, MimePart part) throws IOException {
        try (InputStream in = ranges.open(part.headerOffset(), Math.min(part.headerLength(), MAX_PART_HEADER_BYTES))) {
            return HeaderFields.parse(in.readAllBytes());
        }
    }

    private static Reader decoded(InputStream raw, HeaderFields mime, String type) {
        String encoding = mime.first("Content-Transfer-Encoding").orElse("").strip().toLowerCase(Locale.ROOT);
        InputStream bytes = switch (encoding) {
            case "base64" -> new Base64InputStream(raw, DecodeMonitor.SILENT);
            case "quoted-printable" -> new QuotedPrintableInputStream(raw, DecodeMonitor.SILENT);
            default -> raw;
        };
        CharsetDecoder decoder = charset(type).newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new InputStreamReader(bytes, decoder);
    }

    public static Charset charset(String contentType) {
        Matcher m = CHARSET.matcher(contentType);
        if (!m.find()) return StandardCharsets.UTF_8;
        String name = m.group(1) != null ? m.group(1) : m.group(2);
        try {
            Charset declared = Charset.forName(name.strip());
            // Undeclared or "us-ascii" 8-bit text is in practice UTF-8 far more often than not; ASCII reads the same.
            return declared.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : declared;
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }
}

package org.mailstore.imapd.search;

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
import org.mailstore.imapd.fetch.HeaderFields;
import org.mailstore.store.BlobMetadata;
import org.mailstore.store.mime.MimePart;

/**
 * Searches the text of a message's body for several needles in one pass over the blob: every leaf part whose
 * MIME type is {@code text/*} (the default when a part has no Content-Type), including those of attached
 * messages, decoded from base64 or quoted-printable and from its charset (any the JDK knows, which covers
 * UTF-8, US-ASCII and ISO-8859-x; none, US-ASCII and unknown ones are read as UTF-8), malformed bytes replaced. Attachments of
 * other types, containers and MIME headers are not searched. Reading stops once every needle is found.
 */
final class BodyText {
    /** A part's MIME header is read up to this size to learn its type; longer ones are cut. */
    static final int MAX_PART_HEADER_BYTES = 64 * 1024;
    private static final int CHUNK_CHARS = 8192;
    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;\"]+))");

    private BodyText() {
    }

    /** {@code found[i]} is set for each needle {@code i} found; returns whether all are. */
    static boolean search(BlobMetadata m, BodyReader reader, List<Needle> needles, boolean[] found) throws IOException {
        List<Needle.Scan> scans = needles.stream().map(Needle::scan).toList();
        for (MimePart part : m.parts()) {
            if (!isLeaf(m.parts(), part)) continue;
            HeaderFields mime = partHeader(reader, part);
            String type = mime.first("Content-Type").orElse("text/plain");
            if (!type.strip().toLowerCase(Locale.ROOT).startsWith("text/")) continue;
            try (Reader text = decoded(reader.open(part.bodyOffset(), part.bodyLength()), mime, type)) {
                if (scan(text, scans, found)) return true;
            }
            scans.forEach(Needle.Scan::separate);
        }
        return false;
    }

    private static boolean scan(Reader text, List<Needle.Scan> scans, boolean[] found) throws IOException {
        char[] buffer = new char[CHUNK_CHARS];
        java.nio.CharBuffer chunk = java.nio.CharBuffer.wrap(buffer);
        for (int n = text.read(buffer); n >= 0; n = text.read(buffer)) {
            boolean all = true;
            for (int i = 0; i < scans.size(); i++) {
                if (!found[i]) {
                    scans.get(i).feed(chunk.subSequence(0, n));
                    found[i] = scans.get(i).found();
                }
                all &= found[i];
            }
            if (all) return true;
        }
        return false;
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

    private static HeaderFields partHeader(BodyReader reader, MimePart part) throws IOException {
        try (InputStream in = reader.open(part.headerOffset(), Math.min(part.headerLength(), MAX_PART_HEADER_BYTES))) {
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

    static Charset charset(String contentType) {
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

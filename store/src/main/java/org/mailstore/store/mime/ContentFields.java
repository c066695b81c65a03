package org.mailstore.store.mime;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * The MIME header fields of one entity that BODY and BODYSTRUCTURE report, with the defaults of RFC 2045
 * and Dovecot already applied: no or unparseable Content-Type means {@code text/plain} (or
 * {@code message/rfc822} inside {@code multipart/digest}); the first occurrence of each field wins.
 *
 * @param boundaryCharset the charset the Content-Type value was decoded with, to turn the boundary back
 *                        into the bytes that appear in the body
 */
record ContentFields(String type, String subtype, List<MimeParameter> params, String id, String description,
                     String encoding, String md5, String disposition, List<MimeParameter> dispositionParams,
                     List<String> languages, String location, Charset boundaryCharset) {

    enum Kind { LEAF, MULTIPART, MESSAGE }

    static ContentFields defaults(boolean digestChild) {
        return new ContentFields(digestChild ? "message" : "text", digestChild ? "rfc822" : "plain", List.of(),
                null, null, null, null, null, List.of(), List.of(), null, null);
    }

    /**
     * Reads the Content-* fields of one entity.
     *
     * @param mimePart    whether the entity is a body part of a multipart (always MIME); a message or
     *                    encapsulated message is MIME only with a MIME-Version or Content-Type field, and
     *                    otherwise its other Content-* fields are ignored, as Dovecot does
     * @param digestChild whether the entity is a direct child of {@code multipart/digest}
     */
    static ContentFields from(List<HeaderField> fields, boolean mimePart, boolean digestChild) {
        boolean mime = mimePart || first(fields, "MIME-Version") != null || first(fields, "Content-Type") != null;
        ContentFields fallback = defaults(digestChild);
        if (!mime) {
            return fallback;
        }
        String type = fallback.type;
        String subtype = fallback.subtype;
        List<MimeParameter> params = List.of();
        Charset boundaryCharset = null;
        HeaderField contentType = first(fields, "Content-Type");
        if (contentType != null) {
            ValueScanner in = new ValueScanner(contentType.value());
            in.skipCfws();
            String major = in.token();
            if (!major.isEmpty() && in.peekIs('/')) {
                in.skip();
                in.skipCfws();
                String minor = in.token();
                if (!minor.isEmpty()) {
                    type = major;
                    subtype = minor;
                    params = List.copyOf(MimeParameter.parseList(in));
                    boundaryCharset = contentType.charset();
                }
            }
        }
        String disposition = null;
        List<MimeParameter> dispositionParams = List.of();
        HeaderField dispositionField = first(fields, "Content-Disposition");
        if (dispositionField != null) {
            ValueScanner in = new ValueScanner(dispositionField.value());
            in.skipCfws();
            String token = in.token();
            if (!token.isEmpty()) {
                disposition = token;
                dispositionParams = List.copyOf(MimeParameter.parseList(in));
            }
        }
        return new ContentFields(type, subtype, params, value(fields, "Content-ID"),
                value(fields, "Content-Description"), encoding(fields), value(fields, "Content-MD5"),
                disposition, dispositionParams, languages(fields), value(fields, "Content-Location"),
                boundaryCharset);
    }

    Kind kind() {
        if (type.equalsIgnoreCase("multipart")) {
            return Kind.MULTIPART;
        }
        if (type.equalsIgnoreCase("message") && subtype.equalsIgnoreCase("rfc822")) {
            return Kind.MESSAGE;
        }
        return Kind.LEAF;
    }

    boolean isText() {
        return type.equalsIgnoreCase("text");
    }

    boolean isDigest() {
        return kind() == Kind.MULTIPART && subtype.equalsIgnoreCase("digest");
    }

    /** The boundary parameter, or null when there is none or it is empty. */
    String boundary() {
        for (MimeParameter param : params) {
            if (param.name().equalsIgnoreCase("boundary")) {
                return param.value().isEmpty() ? null : param.value();
            }
        }
        return null;
    }

    /**
     * The same fields with the media type replaced by {@code text/plain}: for a container the parser will
     * not descend into (too deep, or past the part limit), so that BODYSTRUCTURE never promises children
     * or an envelope it does not have.
     */
    ContentFields asOpaqueText() {
        return new ContentFields("text", "plain", List.of(), id, description, encoding, md5, disposition,
                dispositionParams, languages, location, null);
    }

    private static HeaderField first(List<HeaderField> fields, String name) {
        for (HeaderField field : fields) {
            if (field.named(name)) {
                return field;
            }
        }
        return null;
    }

    private static String value(List<HeaderField> fields, String name) {
        HeaderField field = first(fields, name);
        return field == null ? null : field.value();
    }

    /** A single token with nothing after it, else absent (reported as the default "7bit"). */
    private static String encoding(List<HeaderField> fields) {
        HeaderField field = first(fields, "Content-Transfer-Encoding");
        if (field == null) {
            return null;
        }
        ValueScanner in = new ValueScanner(field.value());
        in.skipCfws();
        String token = in.token();
        return token.isEmpty() || !in.atEnd() ? null : token;
    }

    /** RFC 3282 {@code 1#Language-tag}: atoms separated by commas, stopping at the first thing that is not. */
    private static List<String> languages(List<HeaderField> fields) {
        HeaderField field = first(fields, "Content-Language");
        if (field == null) {
            return List.of();
        }
        List<String> languages = new ArrayList<>();
        ValueScanner in = new ValueScanner(field.value());
        in.skipCfws();
        String atom;
        while ((atom = in.atom()) != null) {
            languages.add(atom);
            if (!in.peekIs(',')) {
                break;
            }
            in.skip();
            in.skipCfws();
        }
        return List.copyOf(languages);
    }
}

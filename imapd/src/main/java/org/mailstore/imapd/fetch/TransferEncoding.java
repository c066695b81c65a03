package org.mailstore.imapd.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A part's Content-Transfer-Encoding (RFC 2045 §6) as FETCH BINARY (RFC 3516) undoes it: base64 and
 * quoted-printable are decoded as read; 7bit, 8bit, binary and a missing field are the bytes as stored; anything
 * else is {@link #UNKNOWN}, which FETCH BINARY answers with {@code NO [UNKNOWN-CTE]}.
 */
public enum TransferEncoding {
    IDENTITY, BASE64, QUOTED_PRINTABLE, UNKNOWN;

    private static final HeaderFilter FIELD = HeaderFilter.including(List.of("Content-Transfer-Encoding"));

    /** The encoding named in a MIME header, read from {@code header}. */
    public static TransferEncoding of(InputStream header) throws IOException {
        String field = new String(FIELD.apply(header), StandardCharsets.US_ASCII);
        int colon = field.indexOf(':');
        if (colon < 0) return IDENTITY;
        String value = field.substring(colon + 1).replaceAll("\\s+", "");
        int comment = value.indexOf('(');
        if (comment >= 0) value = value.substring(0, comment);
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "", "7bit", "8bit", "binary" -> IDENTITY;
            case "base64" -> BASE64;
            case "quoted-printable" -> QUOTED_PRINTABLE;
            default -> UNKNOWN;
        };
    }

    /** {@code encoded} decoded as it is read; never for {@link #UNKNOWN}. */
    public InputStream decode(InputStream encoded) {
        return switch (this) {
            case IDENTITY -> encoded;
            case BASE64 -> Base64.getMimeDecoder().wrap(encoded);
            case QUOTED_PRINTABLE -> new QuotedPrintableInputStream(encoded);
            case UNKNOWN -> throw new IllegalStateException("no decoder for an unknown transfer encoding");
        };
    }
}

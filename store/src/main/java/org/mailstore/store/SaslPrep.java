package org.mailstore.store;

import java.text.Normalizer;

/**
 * The mapping and normalization steps of SASLprep (RFC 4013 §2.1, §2.2) for SCRAM passwords: non-ASCII spaces
 * become U+0020, characters "commonly mapped to nothing" are dropped, and the result is NFKC-normalized, so that
 * "ﬁ" and "fi", or a no-break space and a space, give the same SCRAM key as a client that applies SASLprep.
 * The prohibited-output and bidi checks are not applied: RFC 5802 §5.1 lets a server that cannot prepare a
 * string use it as it is, and refusing such a password would leave the user with PLAIN only.
 */
final class SaslPrep {
    private SaslPrep() {}

    /** A fresh array; {@code password} is left as it was. */
    static char[] prepare(char[] password) {
        StringBuilder mapped = new StringBuilder(password.length);
        for (char c : password) {
            if (mappedToNothing(c)) continue;
            mapped.append(nonAsciiSpace(c) ? ' ' : c);
        }
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        char[] out = normalized.toCharArray();
        mapped.setLength(0);
        return out;
    }

    /** RFC 3454 table B.1. */
    private static boolean mappedToNothing(char c) {
        return c == '\u00AD' || c == '\u034F' || c == '\u1806' || (c >= '\u180B' && c <= '\u180D') || (c >= '\u200B' && c <= '\u200D')
                || c == '\u2060' || (c >= '\uFE00' && c <= '\uFE0F') || c == '\uFEFF';
    }

    /** RFC 3454 table C.1.2. */
    private static boolean nonAsciiSpace(char c) {
        return c == '\u00A0' || c == '\u1680' || (c >= '\u2000' && c <= '\u200B') || c == '\u202F' || c == '\u205F' || c == '\u3000';
    }
}

package org.mailstore.imapd.parse;

/**
 * Mailbox names in IMAP4rev1's modified UTF-7 (RFC 3501 §5.1.3). Printable ASCII stands for itself except
 * {@code &}, written {@code &-}; every other character is UTF-16, in base64 with {@code ,} for {@code /}, no
 * padding, between {@code &} and {@code -}.
 *
 * <p>Decoding is strict: a name has exactly one encoding, and any other spelling of it (printable ASCII inside a
 * shifted run, two runs side by side, non-zero or superfluous padding bits) is rejected, as are unpaired
 * surrogates and raw non-ASCII. Two spellings of one name would let a client create mailboxes that look the
 * same, and an encoder that could not reproduce the client's bytes could not answer LIST with them.
 */
public final class ModifiedUtf7 {
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".toCharArray();
    private static final int[] VALUE = new int[128];

    static {
        java.util.Arrays.fill(VALUE, -1);
        for (int i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET[i]] = i;
    }

    private ModifiedUtf7() {}

    /** The canonical encoding of {@code name}; throws IllegalArgumentException for an unpaired surrogate. */
    public static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (isDirect(c)) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            int end = i;
            while (end < name.length() && !isDirect(name.charAt(end))) end++;
            appendShifted(out, name, i, end);
            i = end;
        }
        return out.toString();
    }

    /** The name {@code encoded} stands for; throws when it is not the canonical encoding of any name. */
    public static String decode(String encoded) throws ModifiedUtf7Exception {
        StringBuilder out = new StringBuilder(encoded.length());
        int i = 0;
        boolean previousWasShifted = false;
        while (i < encoded.length()) {
            char c = encoded.charAt(i);
            if (!isDirect(c)) throw new ModifiedUtf7Exception("character outside printable ASCII");
            if (c != '&') {
                out.append(c);
                i++;
                previousWasShifted = false;
                continue;
            }
            int end = encoded.indexOf('-', i + 1);
            if (end < 0) throw new ModifiedUtf7Exception("unterminated & sequence");
            if (end == i + 1) {
                out.append('&');
                previousWasShifted = false;
            } else {
                if (previousWasShifted) throw new ModifiedUtf7Exception("adjacent & sequences");
                decodeShifted(encoded, i + 1, end, out);
                previousWasShifted = true;
            }
            i = end + 1;
        }
        return out.toString();
    }

    /** Printable US-ASCII, which modified UTF-7 must write directly. */
    private static boolean isDirect(char c) {
        return c >= 0x20 && c <= 0x7e;
    }

    private static void appendShifted(StringBuilder out, String name, int from, int to) {
        out.append('&');
        int bits = 0;
        int bitCount = 0;
        for (int i = from; i < to; i++) {
            char c = name.charAt(i);
            checkPaired(name, i);
            bits = (bits << 16) | c;
            bitCount += 16;
            while (bitCount >= 6) {
                bitCount -= 6;
                out.append(ALPHABET[(bits >>> bitCount) & 0x3f]);
            }
        }
        if (bitCount > 0) out.append(ALPHABET[(bits << (6 - bitCount)) & 0x3f]);
        out.append('-');
    }

    private static void checkPaired(String name, int i) {
        char c = name.charAt(i);
        if (Character.isHighSurrogate(c)
                && (i + 1 >= name.length() || !Character.isLowSurrogate(name.charAt(i + 1)))) {
            throw new IllegalArgumentException("unpaired surrogate at index " + i);
        }
        if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(name.charAt(i - 1)))) {
            throw new IllegalArgumentException("unpaired surrogate at index " + i);
        }
    }

    private static void decodeShifted(String encoded, int from, int to, StringBuilder out)
            throws ModifiedUtf7Exception {
        int bits = 0;
        int bitCount = 0;
        int start = out.length();
        for (int i = from; i < to; i++) {
            char c = encoded.charAt(i);
            int v = c < 128 ? VALUE[c] : -1;
            if (v < 0) throw new ModifiedUtf7Exception("invalid modified base64 character");
            bits = (bits << 6) | v;
            bitCount += 6;
            if (bitCount >= 16) {
                bitCount -= 16;
                char unit = (char) ((bits >>> bitCount) & 0xffff);
                if (isDirect(unit)) throw new ModifiedUtf7Exception("printable ASCII in an & sequence");
                out.append(unit);
            }
        }
        if (bitCount >= 6) throw new ModifiedUtf7Exception("superfluous base64 character");
        if ((bits & ((1 << bitCount) - 1)) != 0) throw new ModifiedUtf7Exception("non-zero padding bits");
        checkSurrogates(out, start);
    }

    /** A run must hold whole characters: a surrogate pair may not be split across runs (they cannot be adjacent). */
    private static void checkSurrogates(StringBuilder out, int start) throws ModifiedUtf7Exception {
        for (int i = start; i < out.length(); i++) {
            char c = out.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= out.length() || !Character.isLowSurrogate(out.charAt(i + 1))) {
                    throw new ModifiedUtf7Exception("unpaired surrogate");
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new ModifiedUtf7Exception("unpaired surrogate");
            }
        }
    }
}

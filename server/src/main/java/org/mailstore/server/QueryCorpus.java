package org.mailstore.server;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The mailbox {@code bench imap --query} is timed on: {@code size} generated messages that read like mail to a search
 * index, a sorter and a threader. Words come from a made-up vocabulary with a Zipf-like frequency; subjects carry
 * {@code Re:} and {@code Fwd:}; about half the messages answer an earlier one (In-Reply-To and References, so threads
 * form); bodies are 7bit, quoted-printable (with UTF-8), base64 or multipart/alternative with HTML; some subjects are
 * RFC 2047 words. Message {@code n} depends only on {@code n}, so mailstore and a maildir for Dovecot get the same bytes.
 * {@link #NEEDLE} occurs in about {@value #NEEDLE_MESSAGES} messages, {@link #COMMON} in one of {@value #COMMON_EVERY}.
 */
final class QueryCorpus {
    /** A word no vocabulary word contains: vocabulary words alternate consonant and vowel, this one does not. */
    static final String NEEDLE = "zyqxvort";
    /** A frequent word, also impossible to form from the vocabulary's syllables. */
    static final String COMMON = "budget";
    static final int NEEDLE_MESSAGES = 20;
    static final int COMMON_EVERY = 3;
    static final int VOCABULARY = 5_000;
    /** The exponent of the Zipf-like word frequencies: rank r is drawn with weight 1 / r^s. */
    static final double ZIPF_EXPONENT = 1.07;
    /** How far back (in message numbers) a reply's parent may be, and how deep a References chain goes at most. */
    static final int REPLY_DISTANCE = 200;
    static final int MAX_THREAD_DEPTH = 12;
    static final int MIN_LINES = 4;
    static final int MAX_LINES = 40;
    static final int SENDERS = 300;
    static final int BASE64_LINE = 76;
    static final Instant FIRST_DATE = Instant.parse("2025-01-01T08:00:00Z");

    private static final String CONSONANTS = "bcdfghklmnprstvw";
    private static final String VOWELS = "aeiou";
    private static final String[] UTF8_WORDS = {"Grüße", "café", "naïve", "Zürich", "déjà", "façade"};

    private final int size;
    private final String recipient;
    private final String[] words = new String[VOCABULARY];
    private final double[] cumulative = new double[VOCABULARY];
    private final int needleEvery;

    QueryCorpus(int size, String recipient) {
        if (size < 1) throw new IllegalArgumentException("a corpus needs at least one message");
        this.size = size;
        this.recipient = recipient;
        this.needleEvery = Math.max(1, size / NEEDLE_MESSAGES);
        double total = 0;
        for (int r = 0; r < VOCABULARY; r++) {
            words[r] = word(r);
            total += 1 / Math.pow(r + 1, ZIPF_EXPONENT);
            cumulative[r] = total;
        }
    }

    int size() {
        return size;
    }

    /** Whether message {@code n} (1-based) contains {@link #NEEDLE}: in its subject (even n) or its text (odd n). */
    boolean hasNeedle(int n) {
        return n % needleEvery == needleEvery / 2 && n / needleEvery < NEEDLE_MESSAGES;
    }

    boolean hasCommon(int n) {
        return n % COMMON_EVERY == 0;
    }

    /** How many of the corpus's messages a {@code SEARCH TEXT} of {@code NEEDLE} must find. */
    int needleCount() {
        int count = 0;
        for (int n = 1; n <= size; n++) if (hasNeedle(n)) count++;
        return count;
    }

    int commonCount() {
        return size / COMMON_EVERY;
    }

    /** Message {@code n}, CRLF line ends. */
    byte[] message(int n) {
        SplittableRandom rnd = random(n);
        int parent = parent(n);
        StringBuilder m = new StringBuilder(4096);
        int sender = rnd.nextInt(SENDERS);
        m.append("From: ").append(capitalized(words[sender + 40])).append(' ').append(capitalized(words[sender + 400]))
                .append(" <").append(words[sender + 40]).append('.').append(words[sender + 400]).append("@example.org>\r\n");
        m.append("To: ").append(recipient).append("\r\n");
        m.append("Subject: ").append(subject(n, parent, rnd)).append("\r\n");
        Instant date = FIRST_DATE.plusSeconds(60L * n + rnd.nextInt(3600) - 1800);
        m.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(date.atZone(ZoneOffset.UTC))).append("\r\n");
        m.append("Message-ID: ").append(messageId(n)).append("\r\n");
        if (parent > 0) {
            m.append("In-Reply-To: ").append(messageId(parent)).append("\r\n");
            m.append("References:");
            for (int ancestor : ancestors(n)) m.append(' ').append(messageId(ancestor));
            m.append("\r\n");
        }
        m.append("MIME-Version: 1.0\r\n");
        String text = text(n, rnd);
        switch (n % 10) {
            case 6, 7 -> m.append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
                    .append(quotedPrintable(text));
            case 8 -> m.append("Content-Type: multipart/alternative; boundary=\"alt-").append(n).append("\"\r\n\r\n")
                    .append("--alt-").append(n).append("\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n").append(text)
                    .append("--alt-").append(n).append("\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n")
                    .append("<html><body>\r\n").append(text.replace("\r\n", "<br>\r\n")).append("</body></html>\r\n")
                    .append("--alt-").append(n).append("--\r\n");
            case 9 -> m.append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                    .append(base64(text));
            default -> m.append("Content-Type: text/plain; charset=us-ascii\r\n\r\n").append(text);
        }
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The message {@code n} answers, or 0: about half answer one up to {@value #REPLY_DISTANCE} messages before. */
    int parent(int n) {
        SplittableRandom rnd = random(-n);
        if (n <= 1 || rnd.nextInt(100) >= 55) return 0;
        return Math.max(1, n - 1 - rnd.nextInt(Math.min(REPLY_DISTANCE, n - 1)));
    }

    /** The References chain of {@code n}, oldest first, at most {@value #MAX_THREAD_DEPTH} long. */
    List<Integer> ancestors(int n) {
        List<Integer> chain = new ArrayList<>();
        for (int p = parent(n); p > 0 && chain.size() < MAX_THREAD_DEPTH; p = parent(p)) chain.addFirst(p);
        return chain;
    }

    private String subject(int n, int parent, SplittableRandom rnd) {
        int root = parent == 0 ? n : ancestors(n).getFirst();
        String base = hasNeedle(n) && n % 2 == 0 ? rootSubject(root) + " " + NEEDLE : rootSubject(root);
        String prefixed = parent > 0 ? (rnd.nextInt(8) == 0 ? "Re: Re: " : "Re: ") + base
                : rnd.nextInt(12) == 0 ? "Fwd: " + base : base;
        if (n % 17 != 0 || hasNeedle(n)) return prefixed; // the needle count must not hinge on RFC 2047 in TEXT
        String utf8 = prefixed + " " + UTF8_WORDS[n % UTF8_WORDS.length];
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(utf8.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private String rootSubject(int root) {
        SplittableRandom rnd = random(root * 31L + 7);
        StringBuilder s = new StringBuilder(capitalized(zipfWord(rnd)));
        for (int i = 1 + rnd.nextInt(5); i > 0; i--) s.append(' ').append(zipfWord(rnd));
        return s.toString();
    }

    private String text(int n, SplittableRandom rnd) {
        StringBuilder t = new StringBuilder();
        int lines = MIN_LINES + rnd.nextInt(MAX_LINES - MIN_LINES + 1);
        int needleLine = hasNeedle(n) && n % 2 == 1 ? rnd.nextInt(lines) : -1;
        int commonLine = hasCommon(n) ? rnd.nextInt(lines) : -1;
        for (int l = 0; l < lines; l++) {
            int length = 6 + rnd.nextInt(9);
            for (int w = 0; w < length; w++) t.append(w == 0 ? "" : " ").append(zipfWord(rnd));
            if (l == commonLine) t.append(" the ").append(COMMON).append(" for this");
            t.append(rnd.nextInt(4) == 0 ? ".\r\n\r\n" : ".\r\n");
            if (l == needleLine) t.append("see ").append(NEEDLE).append("\r\n"); // its own line: no soft break splits it
        }
        if (n % 10 == 6 || n % 10 == 7) t.append(UTF8_WORDS[n % UTF8_WORDS.length]).append(" from ").append(words[n % 97]).append("\r\n");
        return t.toString();
    }

    private String zipfWord(SplittableRandom rnd) {
        double x = rnd.nextDouble() * cumulative[VOCABULARY - 1];
        int lo = 0;
        int hi = VOCABULARY - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        return words[lo];
    }

    /** Vocabulary word {@code r}: one to four consonant-vowel syllables, so it never contains NEEDLE or COMMON. */
    private static String word(int r) {
        SplittableRandom rnd = new SplittableRandom(r * 7919L + 13);
        StringBuilder w = new StringBuilder();
        for (int s = 1 + Math.min(3, r / 300 + rnd.nextInt(2)); s > 0; s--) {
            w.append(CONSONANTS.charAt(rnd.nextInt(CONSONANTS.length()))).append(VOWELS.charAt(rnd.nextInt(VOWELS.length())));
        }
        return w.toString();
    }

    private static String messageId(int n) {
        return "<" + n + ".query@bench.test>";
    }

    private static String capitalized(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    private static SplittableRandom random(long n) {
        return new SplittableRandom(n * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
    }

    /** RFC 2045 quoted-printable of UTF-8 text whose lines are CRLF-separated; long lines get soft breaks. */
    static String quotedPrintable(String text) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        for (String line : text.split("\r\n", -1)) {
            int column = 0;
            for (byte b : line.getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xFF;
                String piece = c == '=' || c > 126 ? String.format("=%02X", c) : String.valueOf((char) c);
                if (column + piece.length() > 75) {
                    out.append("=\r\n");
                    column = 0;
                }
                out.append(piece);
                column += piece.length();
            }
            out.append("\r\n");
        }
        out.setLength(out.length() - 2); // the split's last element follows the text's final CRLF
        return out.toString();
    }

    private static String base64(String text) {
        String encoded = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder(encoded.length() + encoded.length() / BASE64_LINE * 2 + 2);
        for (int i = 0; i < encoded.length(); i += BASE64_LINE) {
            out.append(encoded, i, Math.min(encoded.length(), i + BASE64_LINE)).append("\r\n");
        }
        return out.toString();
    }
}

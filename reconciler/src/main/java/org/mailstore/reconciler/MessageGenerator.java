package org.mailstore.reconciler;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Plausible small messages for benchmarks, reproducible from (seed, number): plain text mostly,
 * some multipart/alternative, 1 to 5 KB, each one distinct. Also decides how many recipients a
 * message has, with the long tail of real mail: most one, some a few, a few a mailing list's worth.
 */
final class MessageGenerator {
    private static final String[] WORDS = ("the of and to in is that for it as was with be by on not he this are or his from at which "
            + "but have an they you were her she there been one all we their has would when if so no will more can out up about what "
            + "mailbox server message delivery journal backup restore blob quota folder invoice meeting schedule report project").split(" ");
    private static final DateTimeFormatter RFC5322 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);
    /** Internal dates spread over the year before this. */
    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    static final long SPREAD_SECONDS = 365L * 24 * 3600;

    private final long seed;

    MessageGenerator(long seed) {
        this.seed = seed;
    }

    SplittableRandom random(long n) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n);
    }

    /** Recipients of message {@code n}: 85% one, 10% two to four, 4.8% five to twenty, 0.2% twenty to a hundred. */
    int recipients(long n, int accounts) {
        SplittableRandom r = random(n ^ 0x5DEECE66DL);
        double p = r.nextDouble();
        int k = p < 0.85 ? 1 : p < 0.95 ? r.nextInt(2, 5) : p < 0.998 ? r.nextInt(5, 21) : r.nextInt(20, 101);
        return Math.min(k, accounts);
    }

    Instant internalDate(long n) {
        return EPOCH.minusSeconds(random(n).nextLong(SPREAD_SECONDS));
    }

    byte[] message(long n, String to) {
        SplittableRandom r = random(n);
        Instant date = internalDate(n);
        StringBuilder m = new StringBuilder(4096);
        int sender = r.nextInt(5000);
        m.append("Return-Path: <sender").append(sender).append("@example.net>\r\n")
                .append("From: Sender ").append(sender).append(" <sender").append(sender).append("@example.net>\r\n")
                .append("To: ").append(to).append("\r\n")
                .append("Subject: ").append(words(r, 3 + r.nextInt(6))).append(" #").append(n).append("\r\n")
                .append("Date: ").append(RFC5322.format(date.atOffset(ZoneOffset.UTC))).append("\r\n")
                .append("Message-ID: <").append(n).append('.').append(seed).append("@bench.example>\r\n")
                .append("MIME-Version: 1.0\r\n");
        boolean alternative = r.nextInt(20) == 0;
        String text = paragraph(r, 10 + r.nextInt(50));
        if (alternative) {
            String boundary = "b" + n;
            m.append("Content-Type: multipart/alternative; boundary=\"").append(boundary).append("\"\r\n\r\n")
                    .append("--").append(boundary).append("\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n").append(text)
                    .append("--").append(boundary).append("\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>")
                    .append(text.replace("\r\n", "<br>\r\n")).append("</p></body></html>\r\n")
                    .append("--").append(boundary).append("--\r\n");
        } else {
            m.append("Content-Type: text/plain; charset=utf-8\r\n\r\n").append(text);
        }
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String paragraph(SplittableRandom r, int lines) {
        StringBuilder b = new StringBuilder(lines * 64);
        for (int i = 0; i < lines; i++) b.append(words(r, 8 + r.nextInt(6))).append("\r\n");
        return b.toString();
    }

    private static String words(SplittableRandom r, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) b.append(' ');
            b.append(WORDS[r.nextInt(WORDS.length)]);
        }
        return b.toString();
    }
}

package org.mailstore.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.mailstore.store.Account;
import org.mailstore.store.DeliveryOutcome;
import org.mailstore.store.MailStore;
import org.mailstore.store.Recipient;

/**
 * The maildrop {@code bench pop3} measures: {@code messages} distinct generated messages in one
 * account's INBOX, delivered through the store's normal delivery path. The same messages can be
 * written as a maildir, so another server (Dovecot) can be measured on identical mail.
 */
final class Pop3BenchMaildrop {
    /** Deliveries in flight while preparing; the store's semaphore bounds the transactions among them. */
    static final int PARALLEL_DELIVERIES = 16;
    static final int PROGRESS_EVERY = 1_000;
    static final int LINE_LENGTH = 72;
    private static final Instant DATE = Instant.parse("2026-01-01T00:00:00Z");

    private Pop3BenchMaildrop() {}

    /** Creates the account if needed, sets its password, and tops INBOX up to {@code messages}. */
    static void prepare(MailStore store, String address, String password, int messages, int size, PrintStream out) throws Exception {
        Account a = store.accounts().find(address).orElseGet(() -> store.accounts().create(address, password.toCharArray()));
        store.accounts().setPassword(address, password.toCharArray());
        long have = store.mailboxes().find(a, "INBOX").orElseThrow().messages();
        if (have > messages) {
            throw new IllegalStateException("the INBOX of " + address + " already holds " + have + " messages, more than --messages " + messages);
        }
        out.printf("preparing: %s has %d messages, delivering %d more%n", address, have, messages - have);
        Semaphore inFlight = new Semaphore(PARALLEL_DELIVERIES);
        List<Future<?>> pending = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int n = (int) have + 1; n <= messages; n++) {
                int number = n;
                inFlight.acquire();
                pending.add(pool.submit(() -> {
                    try {
                        deliver(store, address, number, size);
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
                if (number % PROGRESS_EVERY == 0) out.printf("  %d%n", number);
            }
            for (Future<?> f : pending) f.get();
        }
    }

    /** Writes the same messages as a maildir ({@code DIR/cur}), LF line ends, with Dovecot's S= and W= sizes in the names. */
    static void writeMaildir(Path dir, String address, int messages, int size) throws IOException {
        for (String sub : List.of("cur", "new", "tmp")) Files.createDirectories(dir.resolve(sub));
        for (int n = 1; n <= messages; n++) {
            byte[] crlf = message(address, n, size);
            byte[] lf = new String(crlf, StandardCharsets.US_ASCII).replace("\r\n", "\n").getBytes(StandardCharsets.US_ASCII);
            String name = String.format("%d.M%dP1.bench,S=%d,W=%d:2,", 1_700_000_000L + n, n, lf.length, crlf.length);
            Files.write(dir.resolve("cur").resolve(name), lf);
        }
    }

    private static void deliver(MailStore store, String address, int n, int size) {
        DeliveryOutcome o = store.delivery().deliver(new ByteArrayInputStream(message(address, n, size)),
                List.of(new Recipient(address)), DATE.plusSeconds(n)).getFirst();
        if (!o.delivered()) throw o.failure();
    }

    /** Message {@code n}: a few headers and a text body of about {@code size} bytes, CRLF, all distinct. */
    static byte[] message(String address, int n, int size) {
        StringBuilder m = new StringBuilder(size + 256);
        m.append("From: Bench Sender <sender@bench.test>\r\n")
                .append("To: ").append(address).append("\r\n")
                .append("Subject: bench message ").append(n).append("\r\n")
                .append("Date: ").append(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                        .format(DATE.plusSeconds(n).atZone(java.time.ZoneOffset.UTC))).append("\r\n")
                .append("Message-ID: <").append(n).append(".pop3@bench.test>\r\n\r\n");
        int line = 0;
        while (m.length() < size) {
            String text = "message " + n + " line " + line++ + " ";
            m.append(text).append("x".repeat(Math.max(0, LINE_LENGTH - text.length()))).append("\r\n");
        }
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }
}

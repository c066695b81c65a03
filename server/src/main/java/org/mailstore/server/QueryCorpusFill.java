package org.mailstore.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
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
 * Puts a {@link QueryCorpus} where a server can be timed on it: into this mailstore's account through the store's
 * normal delivery path (as LMTP would), or as a maildir for Dovecot; the same messages either way.
 */
final class QueryCorpusFill {
    /** Deliveries in flight; the store's own semaphore bounds the transactions among them. */
    static final int PARALLEL_DELIVERIES = 16;
    static final int PROGRESS_EVERY = 5_000;

    private QueryCorpusFill() {}

    /** Creates the account if needed, sets its password, and tops its INBOX up to the corpus's size. */
    static void deliver(MailStore store, String address, String password, QueryCorpus corpus, PrintStream out) throws Exception {
        Account a = store.accounts().find(address).orElseGet(() -> store.accounts().create(address, password.toCharArray()));
        store.accounts().setPassword(address, password.toCharArray());
        long have = store.mailboxes().find(a, "INBOX").orElseThrow().messages();
        if (have > corpus.size()) {
            throw new IllegalStateException("the INBOX of " + address + " already holds " + have + " messages, more than " + corpus.size());
        }
        out.printf("corpus: %s has %d messages, delivering %d more%n", address, have, corpus.size() - have);
        out.flush();
        Semaphore inFlight = new Semaphore(PARALLEL_DELIVERIES);
        List<Future<?>> pending = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int n = (int) have + 1; n <= corpus.size(); n++) {
                int number = n;
                inFlight.acquire();
                pending.add(pool.submit(() -> {
                    try {
                        DeliveryOutcome o = store.delivery().deliver(new ByteArrayInputStream(corpus.message(number)),
                                List.of(new Recipient(address)), QueryCorpus.FIRST_DATE.plusSeconds(60L * number)).getFirst();
                        if (!o.delivered()) throw o.failure();
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
                if (number % PROGRESS_EVERY == 0) {
                    out.printf("  %d%n", number);
                    out.flush();
                }
            }
            for (Future<?> f : pending) f.get();
        }
    }

    /** Writes the corpus as a maildir ({@code DIR/cur}), LF line ends, with Dovecot's S= and W= sizes in the names. */
    static void writeMaildir(Path dir, QueryCorpus corpus) throws IOException {
        for (String sub : List.of("cur", "new", "tmp")) Files.createDirectories(dir.resolve(sub));
        for (int n = 1; n <= corpus.size(); n++) {
            byte[] crlf = corpus.message(n);
            byte[] lf = new String(crlf, StandardCharsets.UTF_8).replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
            long received = QueryCorpus.FIRST_DATE.getEpochSecond() + 60L * n;
            String name = String.format("%d.M%dP1.qbench,S=%d,W=%d:2,", received, n, lf.length, crlf.length);
            Path file = dir.resolve("cur").resolve(name);
            Files.write(file, lf);
            Files.setLastModifiedTime(file, FileTime.from(QueryCorpus.FIRST_DATE.plusSeconds(60L * n)));
        }
    }
}

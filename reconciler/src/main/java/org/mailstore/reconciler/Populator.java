package org.mailstore.reconciler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.mailstore.blobstore.BlobId;
import org.mailstore.store.Flags;
import org.mailstore.store.journal.Journal;
import org.mailstore.store.journal.JournalRecord;
import org.mailstore.store.BlobRows;
import org.mailstore.store.maintenance.BulkLoader;
import org.mailstore.store.maintenance.MailboxState;
import org.mailstore.store.maintenance.Progress;

/**
 * {@code mailstore bench populate}: fills a site with a large, realistic population for
 * benchmarks of reconcile and gc: accounts with an INBOX, distinct small messages delivered to
 * one or many of them (one blob, many rows), blob metadata rows, journal records for every
 * delivery, and a few orphan blobs (0.1%) as a live site has.
 *
 * <p>Fast rather than durable: blob files are written without fsync (in an S3 bucket each blob is an
 * ordinary put) and rows are inserted a thousand per statement, with counters and quota usage settled
 * once at the end. For empty benchmark sites only, never beside a running server.
 */
public final class Populator {
    /** Messages generated, stored and inserted together. */
    static final int BATCH = 1_000;
    /** One blob in this many gets no message row, like blobs of failed deliveries on a live site. */
    static final int ORPHAN_EVERY = 1_000;
    static final String DOMAIN = "bench.example";

    /**
     * @param messages distinct messages, hence blobs
     * @param accounts accounts to spread them over
     */
    public record Options(long messages, int accounts, long seed) {
        public Options {
            if (messages < 0 || accounts < 1) throw new IllegalArgumentException("messages >= 0 and accounts >= 1");
        }
    }

    public record Result(long blobs, long rows, long orphans, long bytes, long journalRecords, Duration elapsed) {}

    private record Generated(long n, BlobId id, long size, BlobRows.Row row, int[] recipients) {}

    private final MaintenanceSetup setup;

    public Populator(MaintenanceSetup setup) {
        this.setup = setup;
    }

    public Result run(Options o, Progress progress) throws IOException {
        Instant started = Instant.now();
        BulkLoader loader = new BulkLoader(setup.dataSource());
        MessageGenerator generator = new MessageGenerator(o.seed());
        progress.phase("accounts", o.accounts());
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < o.accounts(); i++) addresses.add(String.format("user%07d@%s", i, DOMAIN));
        long uidValidity = Instant.now().getEpochSecond();
        List<MailboxState> inboxes = loader.accountsWithInbox(addresses, uidValidity);
        progress.advance(o.accounts());
        progress.done();
        long[] nextUid = new long[inboxes.size()];
        java.util.Arrays.fill(nextUid, 1);
        AtomicLong rows = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong records = new AtomicLong();
        long orphans = 0;
        try (PopulationBlobs blobs = PopulationBlobs.open(setup);
             Journal journal = Journal.open(setup.journalDir(), setup.instanceId("-populate"));
             ExecutorService writer = Executors.newSingleThreadExecutor()) {
            List<JournalRecord> created = new ArrayList<>();
            for (MailboxState box : inboxes) {
                created.add(new JournalRecord.MailboxCreated(started, box.accountId(), addresses.get(created.size()), box.mailboxId(),
                        box.name(), box.uidValidity()));
            }
            journal.append(created);
            records.addAndGet(created.size());
            progress.phase("messages", o.messages());
            Future<?> pending = null;
            for (long first = 0; first < o.messages(); first += BATCH) {
                long end = Math.min(o.messages(), first + BATCH);
                List<Generated> batch = LongStream.range(first, end).parallel()
                        .mapToObj(n -> generate(generator, blobs, n, o.accounts())).toList();
                for (Generated g : batch) {
                    bytes.addAndGet(g.size());
                    if (g.n() % ORPHAN_EVERY == ORPHAN_EVERY - 1) orphans++;
                }
                List<BulkLoader.MessageRow> messageRows = new ArrayList<>();
                List<JournalRecord> appended = new ArrayList<>();
                for (Generated g : batch) {
                    if (g.n() % ORPHAN_EVERY == ORPHAN_EVERY - 1) continue;
                    Flags flags = generator.random(g.n()).nextInt(10) < 3 ? Flags.NONE.withSeen() : Flags.NONE;
                    Instant date = generator.internalDate(g.n());
                    for (int a : g.recipients()) {
                        MailboxState box = inboxes.get(a);
                        long uid = nextUid[a]++;
                        messageRows.add(new BulkLoader.MessageRow(box.accountId(), box.mailboxId(), uid, uid, flags, date, g.size(), g.id()));
                        appended.add(new JournalRecord.MessageAppended(started, box.accountId(), addresses.get(a), box.mailboxId(), box.name(),
                                box.uidValidity(), uid, uid, g.id().bytes(), date, g.size(), flags.names()));
                    }
                }
                List<BlobRows.Row> blobRows = batch.stream().map(Generated::row).toList();
                waitFor(pending);
                pending = writer.submit(() -> {
                    loader.blobs(blobRows);
                    loader.messages(messageRows);
                    journal.append(appended);
                    return null;
                });
                rows.addAndGet(messageRows.size());
                records.addAndGet(appended.size());
                progress.advance(batch.size());
            }
            waitFor(pending);
            progress.done();
        }
        progress.phase("settling counters and quotas", -1);
        loader.settle();
        progress.done();
        return new Result(o.messages(), rows.get(), orphans, bytes.get(), records.get(), Duration.between(started, Instant.now()));
    }

    private static Generated generate(MessageGenerator generator, PopulationBlobs blobs, long n, int accounts) {
        int k = generator.recipients(n, accounts);
        int[] to = new int[k];
        long start = generator.random(n ^ 0xABCDEFL).nextLong(accounts);
        for (int i = 0; i < k; i++) to[i] = (int) ((start + (long) i * 7919) % accounts);
        to = java.util.Arrays.stream(to).distinct().toArray();
        byte[] message = generator.message(n, String.format("user%07d@%s", to[0], DOMAIN));
        BlobId id = BlobId.of(sha256(message));
        try {
            blobs.write(id, message);
            return new Generated(n, id, message.length, BlobRows.Row.of(id, message), to);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store generated message " + n + ": " + e.getMessage(), e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance(BlobId.ALGORITHM).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(Future<?> f) throws IOException {
        if (f == null) return;
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while storing the population", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IOException(e.getCause());
        }
    }
}

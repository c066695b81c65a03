package org.mailstore.reconciler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.blobstore.S3BlobLocation;
import org.mailstore.store.MailStore;
import org.mailstore.store.maintenance.BlobCache;
import org.mailstore.store.maintenance.BlobReferences;
import org.mailstore.store.maintenance.BlobScan;
import org.mailstore.store.maintenance.MailboxCatalog;
import org.mailstore.store.maintenance.MailboxContents;
import org.mailstore.store.maintenance.MailboxRenumbering;
import org.mailstore.store.maintenance.MailboxRepairs;
import org.mailstore.store.maintenance.MaintenanceLock;
import org.mailstore.store.maintenance.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mailstore reconcile}: makes a database, a blob tree and a journal, each possibly restored
 * from a different time, agree again (DESIGN.md, "Reconciler"). In order:
 * <ol>
 * <li>read the journal once into a mailbox catalogue and sorted on-disk runs ({@link JournalIndex});
 * <li>accounts and mailboxes ({@link MailboxPhase});
 * <li>messages, UID by UID ({@link MessagePhase});
 * <li>blobs, hash by hash ({@link BlobPhase}).
 * </ol>
 * A check changes nothing. A repair is idempotent: run again, it finds nothing to repair. Holds the
 * {@link MaintenanceLock} throughout, so no gc runs meanwhile. Best run with the servers stopped;
 * concurrent deliveries stay correct (repairs lock mailboxes in the store's order) but may cause
 * a UID conflict the next reconcile resolves with a new UIDVALIDITY.
 */
public final class Reconciler {
    /** Suffix of the instance id repairs journal under. */
    static final String JOURNAL_SUFFIX = "-reconcile";
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final MaintenanceSetup setup;

    public Reconciler(MaintenanceSetup setup) {
        this.setup = setup;
    }

    @SuppressWarnings("try") // the resource is held, not used: its scope is the point
    public ReconcileResult run(ReconcileOptions options, Progress shown) throws IOException {
        Instant started = Instant.now();
        TimedProgress progress = new TimedProgress(shown);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("started", started.toString());
        header.put("options", Findings.details("check", options.check(), "verifyContent", options.verifyContent(),
                "missing", options.missing().name().toLowerCase(Locale.ROOT)));
        header.put("blobDir", setup.blobLocation() instanceof S3BlobLocation s3 ? s3.url() : setup.blobDir().toString());
        header.put("journalDir", setup.journalDir().toString());
        try (BlobArea blobs = BlobArea.open(setup, options.quarantineDir());
             MaintenanceLock lock = MaintenanceLock.acquire(setup.dataSource(), "reconcile");
             Report report = options.reportFile() == null ? Report.none() : Report.to(options.reportFile(), "mailstore reconcile", header);
             RepairJournal repairJournal = new RepairJournal(setup.journalDir(), setup.instanceId(JOURNAL_SUFFIX));
             LazyStore store = new LazyStore(setup, setup.instanceId(JOURNAL_SUFFIX + "-store"))) {
            Findings findings = new Findings(report, options.check());
            long records;
            long scanned;
            long verified;
            try (JournalIndex journal = readJournal(progress)) {
                records = journal.records();
                var targets = new MailboxPhase(journal, new MailboxCatalog(setup.dataSource()), new MailboxRepairs(setup.dataSource()),
                        findings).run(progress);
                messages(journal, targets, findings, blobs.store(), repairJournal, progress);
                try (CloseableIterator<BlobId> named = journal.blobs()) {
                    BlobPhase phase = blobs(options, findings, blobs, store);
                    phase.run(blobs.inHashOrder(), named, progress);
                    scanned = phase.scanned();
                    verified = phase.verifiedBytes();
                }
            }
            Duration elapsed = Duration.between(started, Instant.now());
            Map<String, Duration> phases = progress.phases();
            ReconcileResult result = new ReconcileResult(findings.counts(), findings.needingAction(), scanned, records, verified, elapsed,
                    phases);
            report.summary(summary(result, findings));
            log.info("reconcile {} in {} ms: {} blobs, {} journal records, findings {}", options.check() ? "check" : "repair",
                    elapsed.toMillis(), scanned, records, result.counts());
            return result;
        }
    }

    private void messages(JournalIndex journal, Map<Integer, Target> targets, Findings findings, BlobStore blobs, RepairJournal repairJournal,
                          Progress progress) {
        progress.phase("messages", journal.mailboxes().stream().mapToLong(m -> m.appended + m.expunged).sum());
        try (CloseableIterator<MessageFact> facts = journal.facts()) {
            new MessagePhase(targets, findings, blobs, new BlobRows(blobs, new BlobCache(setup.dataSource())),
                    new MailboxContents(setup.dataSource()), new MailboxRepairs(setup.dataSource()), new MailboxRenumbering(setup.dataSource()),
                    repairJournal).run(facts, progress);
        }
        progress.done();
    }

    private BlobPhase blobs(ReconcileOptions options, Findings findings, BlobArea blobs, Supplier<MailStore> store) {
        return new BlobPhase(blobs, new BlobScan(setup.dataSource()), new BlobReferences(setup.dataSource()), findings,
                options.verifyContent(), options.missing(), store);
    }

    private JournalIndex readJournal(Progress progress) throws IOException {
        progress.phase("journal", -1);
        JournalIndex journal = JournalIndex.read(setup.journalDir(), setup.workDir(), setup.sortRunBytes(), JournalIndex.Scope.EVERYTHING,
                progress);
        progress.done();
        return journal;
    }

    private static Map<String, Object> summary(ReconcileResult r, Findings findings) {
        Map<String, Object> counts = new LinkedHashMap<>();
        r.counts().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> counts.put(e.getKey().json(), e.getValue()));
        Map<String, Object> status = new LinkedHashMap<>();
        for (Finding.Status s : Finding.Status.values()) status.put(s.json(), findings.count(s));
        Map<String, Object> phases = new LinkedHashMap<>();
        r.phases().forEach((k, v) -> phases.put(k, v.toMillis() / 1000.0));
        return Findings.details("finished", Instant.now().toString(), "seconds", r.elapsed().toMillis() / 1000.0, "phaseSeconds", phases,
                "blobsScanned", r.blobsScanned(), "journalRecords", r.journalRecords(), "verifiedBytes", r.verifiedBytes(),
                "counts", counts, "byStatus", status, "needingAction", r.needingAction(), "exitCode", r.exitCode());
    }

    /** The store's normal write paths, opened only if a repair needs them (its journal starts a segment on open). */
    static final class LazyStore implements Supplier<MailStore>, AutoCloseable {
        private final MaintenanceSetup setup;
        private final String instanceId;
        private MailStore store;

        LazyStore(MaintenanceSetup setup, String instanceId) {
            this.setup = setup;
            this.instanceId = instanceId;
        }

        @Override
        public MailStore get() {
            if (store == null) {
                try {
                    store = MailStore.open(setup.dataSource(), setup.blobLocation(), setup.journalDir(), instanceId);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot open the store for repairs: " + e.getMessage(), e);
                }
            }
            return store;
        }

        @Override
        public void close() throws IOException {
            if (store != null) store.close();
        }
    }
}

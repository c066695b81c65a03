package org.mailstore.server.torture;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mailstore torture crash}: runs {@code serve} as a child process on a data directory of its own, drives LMTP
 * deliveries and IMAP sessions against it, SIGKILLs serve (or the PostgreSQL postmaster) at a seeded moment of every
 * trial, restarts it, and then verifies everything its clients were told (see {@link Verifier}) and that
 * {@code mailstore reconcile --check} finds nothing to repair. The seed fixes the messages, recipients, operations
 * and the delivery count at which each kill happens; thread timing still varies between runs.
 */
public final class CrashTorture {
    private static final Logger log = LoggerFactory.getLogger(CrashTorture.class);

    /** What gets killed. */
    public enum Mode { SERVE, POSTMASTER }

    /** An external PostgreSQL: where serve connects, and how the torture finds and restarts its postmaster. */
    public record ExternalDatabase(String url, String user, String password, Optional<Path> postmasterPidFile,
                                   Optional<String> startCommand) {}

    public record Options(long seed, int trials, int deliveries, int connections, int imapSessions, int accounts,
                          Mode mode, Path workDir, Optional<ExternalDatabase> external) {
        public Options {
            if (trials < 1 || deliveries < 1 || connections < 1 || imapSessions < 0 || accounts < 1) {
                throw new IllegalArgumentException("trials, deliveries, connections and accounts must be >= 1, imap sessions >= 0");
            }
            if (mode == Mode.POSTMASTER && external.isPresent() && external.get().postmasterPidFile().isEmpty()) {
                throw new IllegalArgumentException("killing an external postmaster needs its postmaster.pid file");
            }
        }
    }

    public record Result(int trials, long acknowledged, long lost, Duration elapsed) {}

    static final String PASSWORD_LINE = ImapDriver.PASSWORD + "\n";
    /** The kill falls between these shares of a trial's deliveries. */
    static final double KILL_FROM = 0.2;
    static final double KILL_SPREAD = 0.6;
    static final int KILL_JITTER_MILLIS = 250;
    static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 10;
    private static final long RECOVERY_POLL_MILLIS = 200;

    private final Options options;
    private final PrintStream out;
    private final Ledger ledger = new Ledger();
    private final Verifier verifier = new Verifier(ledger);
    private final Map<String, String> settings = new HashMap<>();
    private final List<String> accounts = new ArrayList<>();
    private InetSocketAddress lmtp;
    private InetSocketAddress imap;
    private MailstoreProcess serve;
    private int serveStarts;

    public CrashTorture(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public Result run() throws TortureFailure, IOException, InterruptedException {
        long start = System.nanoTime();
        Files.createDirectories(options.workDir());
        configure();
        out.printf(Locale.ROOT, "crash torture: seed %d, %d trials x %d deliveries, %d LMTP connections, %d IMAP sessions, "
                        + "%d accounts, killing %s; work dir %s%n", options.seed(), options.trials(), options.deliveries(),
                options.connections(), options.imapSessions(), options.accounts(), options.mode().name().toLowerCase(Locale.ROOT),
                options.workDir());
        startServe();
        try {
            createAccounts();
            for (int trial = 1; trial <= options.trials(); trial++) trial(trial);
        } finally {
            if (serve != null && serve.alive()) serve.stop();
        }
        long lost = ledger.failures().stream().filter(f -> f.startsWith("LOST")).count();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        out.printf(Locale.ROOT, "crash torture passed: seed %d, %d trials, %d acknowledged messages, %d lost or corrupt, %.1f s%n",
                options.seed(), options.trials(), ledger.acknowledgedCount(), lost, elapsed.toMillis() / 1000.0);
        return new Result(options.trials(), ledger.acknowledgedCount(), lost, elapsed);
    }

    private void configure() throws IOException {
        lmtp = new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort());
        imap = new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort());
        settings.put("MAILSTORE_DATA_DIR", options.workDir().resolve("data").toString());
        settings.put("MAILSTORE_LMTP_LISTEN", "127.0.0.1:" + lmtp.getPort());
        settings.put("MAILSTORE_IMAP_LISTEN", "127.0.0.1:" + imap.getPort());
        for (String off : List.of("POP3", "POP3S", "IMAPS", "HTTP")) settings.put("MAILSTORE_" + off + "_LISTEN", "off");
        if (options.external().isPresent()) {
            ExternalDatabase db = options.external().get();
            settings.put("MAILSTORE_DB_URL", db.url());
            settings.put("MAILSTORE_DB_USER", db.user());
            settings.put("MAILSTORE_DB_PASSWORD", db.password());
        } else {
            settings.put("MAILSTORE_DB_EMBEDDED_PORT", Integer.toString(freePort()));
        }
    }

    private void startServe() throws IOException, InterruptedException {
        serve = MailstoreProcess.serve(options.workDir(), settings, options.workDir().resolve("serve-" + (serveStarts++) + ".log"));
    }

    /** Accounts named after the seed and the start time, so runs against one external database never share one. */
    private void createAccounts() throws IOException, InterruptedException {
        String run = Long.toString(System.currentTimeMillis() / 1000, Character.MAX_RADIX);
        for (int i = 0; i < options.accounts(); i++) {
            String account = "u" + i + "." + options.seed() + "." + run + "@torture.test";
            int code = MailstoreProcess.run(options.workDir(), settings, options.workDir().resolve("commands.log"),
                    PASSWORD_LINE.getBytes(StandardCharsets.UTF_8), "account", "add", account, "--password-stdin");
            if (code != 0) throw new IOException("account add " + account + " exited with " + code + "; see commands.log");
            try (ImapClient c = ImapClient.login(imap, account, ImapDriver.PASSWORD)) {
                // Some defaults make Archive with the account; either way it must exist.
                List<ImapClient.Response> r = c.command("CREATE " + Ledger.MOVE_TARGET);
                if (!ImapClient.isOk(r) && !r.getLast().text().contains("[ALREADYEXISTS]")) {
                    throw new IOException("CREATE " + Ledger.MOVE_TARGET + " -> " + r.getLast().text());
                }
            }
            accounts.add(account);
        }
    }

    private void trial(int trial) throws TortureFailure, IOException, InterruptedException {
        long t0 = System.nanoTime();
        Random random = new Random(mix(options.seed(), trial, 0));
        int killAt = (int) (options.deliveries() * (KILL_FROM + KILL_SPREAD * random.nextDouble()));
        int jitter = random.nextInt(KILL_JITTER_MILLIS);
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean lmtpRunning = new AtomicBoolean(true);
        AtomicBoolean aborted = new AtomicBoolean();
        List<Thread> lmtpThreads = new ArrayList<>();
        for (int c = 0; c < options.connections(); c++) {
            lmtpThreads.add(Thread.ofPlatform().name("torture-lmtp-" + c).start(new LmtpDriver(lmtp, accounts, ledger, next,
                    options.deliveries(), options.seed(), trial, c, aborted::get)));
        }
        List<Thread> imapThreads = new ArrayList<>();
        for (int i = 0; i < Math.min(options.imapSessions(), accounts.size()); i++) {
            imapThreads.add(Thread.ofPlatform().name("torture-imap-" + i).start(new ImapDriver(imap, share(i), ledger,
                    options.seed(), trial, i, lmtpRunning::get)));
        }
        String killed;
        try {
            while (next.get() < killAt && lmtpThreads.stream().anyMatch(Thread::isAlive)) Thread.sleep(POLL_MILLIS);
            Thread.sleep(jitter);
            killed = crashAndRecover(trial);
        } catch (IOException | RuntimeException e) {
            aborted.set(true);
            throw e;
        } finally {
            for (Thread t : lmtpThreads) t.join();
            lmtpRunning.set(false);
            for (Thread t : imapThreads) t.join();
        }
        long v0 = System.nanoTime();
        int compared = 0;
        for (String account : accounts) compared += verifier.verify(imap, account);
        int reconcile = MailstoreProcess.run(options.workDir(), settings, options.workDir().resolve("reconcile-" + trial + ".log"),
                new byte[0], "reconcile", "--check");
        if (reconcile != 0) ledger.fail("mailstore reconcile --check exited with " + reconcile + "; see reconcile-" + trial + ".log");
        if (!ledger.failures().isEmpty()) throw new TortureFailure(options.seed(), trial, replay(), ledger.failures());
        out.printf(Locale.ROOT, "trial %d/%d: %s at delivery %d; %d acknowledged so far, %d bytes-compared now, %d uncertain "
                        + "found absent so far; verified in %.1f s; reconcile --check 0; trial %.1f s%n", trial, options.trials(), killed,
                killAt, ledger.acknowledgedCount(), compared, ledger.count(EnumSet.of(Ledger.State.DROPPED)),
                (System.nanoTime() - v0) / 1e9, (System.nanoTime() - t0) / 1e9);
        out.flush();
    }

    /** The accounts IMAP driver {@code i} owns: every n-th, so no two drivers touch one message. */
    private List<String> share(int i) {
        List<String> mine = new ArrayList<>();
        int drivers = Math.min(options.imapSessions(), accounts.size());
        for (int a = i; a < accounts.size(); a += drivers) mine.add(accounts.get(a));
        return mine;
    }

    private String crashAndRecover(int trial) throws IOException, InterruptedException {
        if (options.mode() == Mode.SERVE) {
            long pid = serve.pid();
            serve.kill();
            log.info("trial {}: killed serve (pid {})", trial, pid);
            startServe();
            return "killed serve pid " + pid;
        }
        Postmaster postmaster = postmaster();
        long pid = postmaster.kill();
        postmaster.restart();
        awaitRecovery(trial);
        return "killed postmaster pid " + pid;
    }

    private Postmaster postmaster() {
        Optional<ExternalDatabase> db = options.external();
        Path pidFile = db.flatMap(ExternalDatabase::postmasterPidFile)
                .orElse(options.workDir().resolve("data").resolve("pg").resolve("postmaster.pid"));
        return new Postmaster(pidFile, db.flatMap(ExternalDatabase::startCommand), options.workDir().resolve("postgresql-restarts.log"),
                db.isPresent());
    }

    /** serve must serve again once its database is back, without a restart. */
    private void awaitRecovery(int trial) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        while (true) {
            try (ImapClient c = ImapClient.login(imap, accounts.getFirst(), ImapDriver.PASSWORD)) {
                MailboxReader.select(c, "INBOX");
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    ledger.fail("serve did not serve IMAP within " + RECOVERY_TIMEOUT.toSeconds()
                            + " s of PostgreSQL's restart: " + e.getMessage());
                    throw new IOException(new TortureFailure(options.seed(), trial, replay(), ledger.failures()).getMessage());
                }
                Thread.sleep(RECOVERY_POLL_MILLIS);
            }
        }
    }

    private String replay() {
        return String.format(Locale.ROOT, "mailstore torture crash --seed %d --trials %d --deliveries %d --connections %d "
                        + "--imap-sessions %d --accounts %d --kill %s", options.seed(), options.trials(), options.deliveries(),
                options.connections(), options.imapSessions(), options.accounts(), options.mode().name().toLowerCase(Locale.ROOT));
    }

    /**
     * A well-spread seed for one part of a run: java.util.Random's first draws from neighbouring seeds are close,
     * which would put every trial's kill at the same delivery.
     */
    static long mix(long seed, int trial, int part) {
        return new java.util.SplittableRandom(seed).split().nextLong() ^ new java.util.SplittableRandom(trial * 1_000_003L + part).nextLong();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

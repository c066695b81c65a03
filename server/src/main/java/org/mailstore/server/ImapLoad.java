package org.mailstore.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine of {@code mailstore bench imap}: {@code clients} connections, each running rounds of what a mail
 * client does while its user reads mail — SELECT INBOX, UID FETCH of the list headers for a window of messages,
 * STORE +FLAGS and -FLAGS, SEARCH on a flag and on a header, APPEND of a message, STORE \Deleted and UID EXPUNGE of
 * that message, and a short IDLE — with a fresh LOGIN every {@code roundsPerLogin} rounds. Every operation is timed
 * from its command to its tagged response; those that start and end inside the measured window are counted. The
 * warm-up begins once every client's first LOGIN has been answered: with a costly password hash, the first logins
 * of many clients queue up, and that ramp-up is reported on its own instead of being mixed into the steady state.
 *
 * <p>Client {@code c} is user {@code c mod users}, whose INBOX must hold the generated messages 1..n with UIDs
 * 1..n ({@link #setup} puts them there over IMAP; bench/imap-vs-dovecot.sh writes them as a maildir for Dovecot).
 */
final class ImapLoad {
    /** The load, as given on the command line. */
    record Plan(InetSocketAddress server, int clients, int users, String userPrefix, String domain, String password,
                int mailboxMessages, int size, double warmupSeconds, double seconds, int roundsPerLogin, int idleMillis) {
        Plan {
            if (clients < 1 || users < 1 || mailboxMessages < 1 || seconds <= 0 || warmupSeconds < 0 || roundsPerLogin < 1
                    || idleMillis < 0) {
                throw new IllegalArgumentException("clients, users, mailbox messages, seconds and rounds per login must be positive");
            }
            if (size < MIN_SIZE) throw new IllegalArgumentException("size must be >= " + MIN_SIZE + " bytes");
        }

        String user(int n) {
            return userPrefix + n + "@" + domain;
        }
    }

    /** What the measured phase gave. */
    record Result(ImapLatencies latencies, int brokenConnections, double rampUpSeconds, double seconds, String firstFailure) {
        int failed() {
            return latencies.totalFailed() + brokenConnections;
        }

        double perSecond(ImapOperation op) {
            return latencies.count(op) / seconds;
        }

        double perSecond() {
            return latencies.total() / seconds;
        }
    }

    static final int MIN_SIZE = 512;
    /** Messages in one UID FETCH window, as a client lists one screen and a bit. */
    static final int FETCH_WINDOW = 50;
    /** Messages flagged and unflagged by one STORE. */
    static final int STORE_WINDOW = 5;
    /** APPENDs written at once while filling a mailbox (with non-synchronizing literals). */
    static final int SETUP_BATCH = 100;
    static final int RECONNECT_PAUSE_MILLIS = 100;
    /** How long the run waits for every client's first LOGIN before it measures anyway. */
    static final int RAMP_UP_LIMIT_SECONDS = 600;
    static final String LIST_HEADERS = "BODY.PEEK[HEADER.FIELDS (From To Subject Date Message-ID)]";

    private final Plan plan;
    private volatile boolean recording;
    private volatile boolean stopping;
    private final CountDownLatch firstLogins;

    ImapLoad(Plan plan) {
        this.plan = plan;
        this.firstLogins = new CountDownLatch(plan.clients());
    }

    /** Tops each user's INBOX up to {@code mailboxMessages} generated messages over IMAP. */
    static void setup(Plan plan, java.io.PrintStream out) throws IOException, InterruptedException {
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        int parallel = Math.min(plan.clients(), plan.users());
        for (int t = 0; t < parallel; t++) {
            int first = t;
            threads.add(Thread.ofPlatform().name("bench-setup-" + t).start(() -> {
                try {
                    for (int u = first; u < plan.users() && failure.get() == null; u += parallel) fill(plan, plan.user(u), out);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : threads) t.join();
        if (failure.get() instanceof IOException e) throw e;
        if (failure.get() != null) throw new IOException("setup failed: " + failure.get().getMessage(), failure.get());
    }

    private static void fill(Plan plan, String user, java.io.PrintStream out) throws IOException {
        try (ImapBenchConnection c = new ImapBenchConnection(plan.server())) {
            check("LOGIN " + user, c.login(user, plan.password()));
            long[] exists = {-1};
            check("SELECT INBOX", c.command("SELECT INBOX", l -> exists[0] = Math.max(exists[0], ImapBenchConnection.exists(l))));
            if (exists[0] > plan.mailboxMessages()) {
                out.printf("setup: %s holds %d messages, more than %d; left as it is%n", user, exists[0], plan.mailboxMessages());
                return;
            }
            int n = (int) exists[0] + 1;
            while (n <= plan.mailboxMessages()) {
                List<byte[]> batch = new ArrayList<>();
                for (; n <= plan.mailboxMessages() && batch.size() < SETUP_BATCH; n++) {
                    byte[] message = Pop3BenchMaildrop.message(user, n, plan.size());
                    if (c.takesNonSynchronizing(message.length)) {
                        batch.add(message);
                    } else {
                        check("APPEND", c.append("INBOX", "", message, new long[1]));
                    }
                }
                String failed = batch.isEmpty() ? null : c.appendPipelined("INBOX", batch);
                if (failed != null) throw new IOException(user + ": " + failed);
            }
            out.printf("setup: %s INBOX now holds %d messages%n", user, plan.mailboxMessages());
        }
    }

    private static void check(String what, ImapBenchConnection.Response r) throws IOException {
        if (!r.ok()) throw new IOException(what + ": " + r.status() + " " + r.text());
    }

    /** Runs the clients through the warm-up and the measured phase. */
    Result run() throws InterruptedException {
        List<Client> clients = new ArrayList<>();
        for (int c = 0; c < plan.clients(); c++) clients.add(new Client(c));
        List<Thread> threads = new ArrayList<>();
        long rampUp = System.nanoTime();
        for (Client c : clients) threads.add(Thread.ofPlatform().name("bench-imap-" + c.index).start(c::loop));
        firstLogins.await(RAMP_UP_LIMIT_SECONDS, TimeUnit.SECONDS);
        double rampUpSeconds = (System.nanoTime() - rampUp) / 1e9;
        Thread.sleep((long) (plan.warmupSeconds() * 1000));
        recording = true;
        long start = System.nanoTime();
        Thread.sleep((long) (plan.seconds() * 1000));
        recording = false;
        double seconds = (System.nanoTime() - start) / 1e9;
        stopping = true;
        for (Thread t : threads) t.join();
        ImapLatencies all = new ImapLatencies();
        String firstFailure = null;
        int broken = 0;
        for (Client c : clients) {
            all.add(c.latencies);
            broken += c.brokenConnections;
            if (firstFailure == null) firstFailure = c.firstFailure;
        }
        return new Result(all, broken, rampUpSeconds, seconds, firstFailure);
    }

    /** One simulated mail client; its own thread. */
    private final class Client {
        final int index;
        final ImapLatencies latencies = new ImapLatencies();
        final Random random;
        final String user;
        String firstFailure;
        int brokenConnections;
        private boolean answered;
        private ImapBenchConnection connection;
        private int rounds;

        Client(int index) {
            this.index = index;
            this.random = new Random(index);
            this.user = plan.user(index % plan.users());
        }

        void loop() {
            while (!stopping) {
                try {
                    round();
                } catch (IOException e) {
                    firstLoginAnswered();
                    if (recording) brokenConnections++;
                    noteFailure("connection " + index + ": " + e.getMessage());
                    closeQuietly();
                    pause();
                }
            }
            closeQuietly();
        }

        /** After a broken connection, so a server that is down is not hammered by reconnects. */
        private void pause() {
            try {
                Thread.sleep(RECONNECT_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }

        private void round() throws IOException {
            if (connection == null || rounds % plan.roundsPerLogin() == 0) {
                if (connection != null) {
                    timed(ImapOperation.LOGOUT, connection::logout);
                    closeQuietly();
                }
                connection = new ImapBenchConnection(plan.server());
                boolean ok = timed(ImapOperation.LOGIN, () -> connection.login(user, plan.password())).ok();
                firstLoginAnswered();
                if (!ok) throw new IOException("LOGIN as " + user + " refused");
            }
            rounds++;
            long[] exists = {-1};
            timed(ImapOperation.SELECT, () -> connection.command("SELECT INBOX",
                    l -> exists[0] = Math.max(exists[0], ImapBenchConnection.exists(l))));
            long base = Math.min(exists[0], plan.mailboxMessages());
            if (base < 1) throw new IOException("the INBOX of " + user + " is empty; run with --setup first");
            long first = 1 + (base > FETCH_WINDOW ? random.nextLong(base - FETCH_WINDOW + 1) : 0);
            long last = Math.min(base, first + FETCH_WINDOW - 1);
            timed(ImapOperation.FETCH, () -> connection.command("UID FETCH " + first + ":" + last + " (UID FLAGS RFC822.SIZE "
                    + LIST_HEADERS + ")"));
            String flagged = first + ":" + Math.min(last, first + STORE_WINDOW - 1);
            timed(ImapOperation.STORE, () -> connection.command("UID STORE " + flagged + " +FLAGS (\\Flagged)"));
            timed(ImapOperation.SEARCH, () -> connection.command("UID SEARCH FLAGGED"));
            timed(ImapOperation.STORE, () -> connection.command("UID STORE " + flagged + " -FLAGS (\\Flagged)"));
            long wanted = 1 + random.nextLong(base);
            timed(ImapOperation.SEARCH, () -> connection.command("UID SEARCH SUBJECT \"bench message " + wanted + "\""));
            byte[] message = Pop3BenchMaildrop.message(user, (int) (base + 1 + index), plan.size());
            long[] uid = {0};
            timed(ImapOperation.APPEND, () -> connection.append("INBOX", "\\Seen", message, uid));
            if (uid[0] > 0) {
                timed(ImapOperation.STORE, () -> connection.command("UID STORE " + uid[0] + " +FLAGS.SILENT (\\Deleted)"));
                timed(ImapOperation.EXPUNGE, () -> connection.command("UID EXPUNGE " + uid[0]));
            }
            if (plan.idleMillis() > 0 && connection.hasCapability("IDLE")) {
                timed(ImapOperation.IDLE, () -> connection.idle(plan.idleMillis()));
            }
        }

        private interface Step {
            ImapBenchConnection.Response run() throws IOException;
        }

        /** Counted when it both starts and ends inside the measured window. */
        private ImapBenchConnection.Response timed(ImapOperation op, Step step) throws IOException {
            long t0 = System.nanoTime();
            boolean counted = recording;
            ImapBenchConnection.Response r = step.run();
            if (counted && recording) latencies.record(op, System.nanoTime() - t0, r.ok());
            if (!r.ok()) noteFailure(op + ": " + r.status() + " " + r.text());
            return r;
        }

        private void firstLoginAnswered() {
            if (!answered) {
                answered = true;
                firstLogins.countDown();
            }
        }

        private void noteFailure(String what) {
            if (firstFailure == null) firstFailure = what;
        }

        private void closeQuietly() {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
    }
}

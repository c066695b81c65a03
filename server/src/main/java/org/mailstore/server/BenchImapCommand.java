package org.mailstore.server;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mailstore bench imap}: a mixed IMAP session load (see {@link ImapLoad}) or, with {@code --first-sync}, the
 * timed first sync of a large INBOX (see {@link ImapFirstSync}), against any IMAP server (mailstore's, Dovecot's).
 * Standard IMAP4rev1 only, plus UIDPLUS, IDLE and LITERAL+ when offered. Not a test: the figures depend on the
 * machine; bench/imap-vs-dovecot.sh runs it against both servers.
 */
@Command(name = "imap",
        description = {"Run a mixed IMAP load (LOGIN, SELECT, UID FETCH of list headers, STORE, SEARCH, APPEND, UID EXPUNGE, "
                + "IDLE) from --clients connections and print operations/s by command.",
                "Client c logs in as <user-prefix><c mod users>@<domain>; those accounts must exist. --setup first fills "
                        + "each INBOX to --mailbox-messages generated messages over IMAP.",
                "--first-sync instead times SELECT + UID FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS "
                        + "(...)]) of --user's INBOX, --rounds times.",
                "--query search-text,search-common,sort,thread,qresync instead times those commands on --user's INBOX, "
                        + "--rounds times each, and checks their answers against the generated query corpus of "
                        + "--corpus-messages messages (--fill-corpus delivers it into this mailstore first, --write-maildir "
                        + "writes it as a maildir for another server).",
                "The last line reads: result: ... Exits 1 if any operation failed."})
final class BenchImapCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--port", defaultValue = "1143", description = "Server port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--clients", defaultValue = "50", description = "Parallel IMAP connections (default: ${DEFAULT-VALUE}).")
    private int clients;

    @Option(names = "--seconds", defaultValue = "30", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--warmup", defaultValue = "3", description = "Seconds of load before measuring (default: ${DEFAULT-VALUE}).")
    private double warmup;

    @Option(names = "--users", description = "Distinct accounts (default: one per client).")
    private Integer users;

    @Option(names = "--user-prefix", defaultValue = "imapbench", description = "Account names are <prefix><n>@<domain> (default: ${DEFAULT-VALUE}).")
    private String userPrefix;

    @Option(names = "--domain", defaultValue = "bench.test", description = "Their domain (default: ${DEFAULT-VALUE}).")
    private String domain;

    @Option(names = "--password", defaultValue = "bench", description = "Their password (default: ${DEFAULT-VALUE}).")
    private String password;

    @Option(names = "--mailbox-messages", defaultValue = "1000",
            description = "Messages each INBOX holds (1..n, as --setup makes them) (default: ${DEFAULT-VALUE}).")
    private int mailboxMessages;

    @Option(names = "--size", defaultValue = "4000",
            description = "Bytes per generated and appended message; <= 4096 keeps APPEND within LITERAL- (default: ${DEFAULT-VALUE}).")
    private int size;

    @Option(names = "--rounds-per-login", defaultValue = "50", description = "Rounds a client runs before it logs in anew (default: ${DEFAULT-VALUE}).")
    private int roundsPerLogin;

    @Option(names = "--idle-millis", defaultValue = "100", description = "How long each round IDLEs unless EXISTS comes first; 0: no IDLE (default: ${DEFAULT-VALUE}).")
    private int idleMillis;

    @Option(names = "--setup", description = "Fill each INBOX to --mailbox-messages over IMAP first.")
    private boolean setup;

    @Option(names = "--first-sync", description = "Time a client's first sync of --user's INBOX instead of the load.")
    private boolean firstSync;

    @Option(names = "--user", description = "The account --first-sync uses (default: <prefix>0@<domain>).")
    private String user;

    @Option(names = "--rounds", defaultValue = "3", description = "First syncs to time, one after another (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--query", split = ",", paramLabel = "QUERY",
            description = "Time these queries instead of the load: search-text, search-common, sort, thread, qresync.")
    private List<String> queries;

    @Option(names = "--corpus-messages", defaultValue = "100000",
            description = "Messages of the query corpus --query checks against (default: ${DEFAULT-VALUE}).")
    private int corpusMessages;

    @Option(names = "--fill-corpus", description = "Deliver the query corpus into --user's INBOX in this mailstore before --query.")
    private boolean fillCorpus;

    @Option(names = "--bulk-fill-corpus",
            description = "Insert the query corpus into a new account --user in this mailstore in bulk first, as bench populate "
                    + "does (no fsync, no journal records: benchmark sites only).")
    private boolean bulkFillCorpus;

    @Option(names = "--write-maildir", paramLabel = "DIR",
            description = "Only write the query corpus as a maildir in DIR (for another server) and exit.")
    private Path maildir;

    BenchImapCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        InetSocketAddress server = new InetSocketAddress(host, port);
        if (maildir != null || fillCorpus || bulkFillCorpus || queries != null) return queries(server);
        if (firstSync) return firstSync(server);
        ImapLoad.Plan plan = plan(server);
        PrintStream out = context.out();
        if (setup) ImapLoad.setup(plan, out);
        out.printf(Locale.ROOT, "bench imap: %s:%d, %d clients as %d users (%s), INBOX of %d messages of %d bytes, "
                        + "%.1f s measured after %.1f s warm-up, LOGIN every %d rounds, IDLE %d ms%n",
                host, port, clients, plan.users(), plan.user(0) + "..", mailboxMessages, size, seconds, warmup, roundsPerLogin,
                idleMillis);
        ImapLoad.Result r = new ImapLoad(plan).run();
        ImapLatencies l = r.latencies();
        out.printf(Locale.ROOT, "ramp-up: the first LOGIN of all %d clients was answered after %.1f s (not measured)%n", clients,
                r.rampUpSeconds());
        out.printf(Locale.ROOT, "%-8s %9s %11s %9s %9s %7s%n", "command", "count", "per second", "p50 ms", "p99 ms", "failed");
        for (ImapOperation op : ImapOperation.values()) {
            out.printf(Locale.ROOT, "%-8s %9d %11.1f %9.2f %9.2f %7d%n", op, l.count(op), r.perSecond(op),
                    l.millis(op, 0.50), l.millis(op, 0.99), l.failed(op));
        }
        if (r.firstFailure() != null) out.println("first failure: " + r.firstFailure());
        String byCommand = Stream.of(ImapOperation.values())
                .map(op -> String.format(Locale.ROOT, "%s %.1f/s", op, r.perSecond(op)))
                .collect(Collectors.joining(", "));
        out.printf(Locale.ROOT, "result: %.1f operations/s (%s), p50 %.2f ms, p99 %.2f ms (%d operations, %d failed, %d clients, %.1f s)%n",
                r.perSecond(), byCommand, l.millis(0.50), l.millis(0.99), l.total(), r.failed(), clients, r.seconds());
        out.flush();
        return r.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private ImapLoad.Plan plan(InetSocketAddress server) {
        try {
            return new ImapLoad.Plan(server, clients, users == null ? clients : users, userPrefix, domain, password,
                    mailboxMessages, size, warmup, seconds, roundsPerLogin, idleMillis);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private int firstSync(InetSocketAddress server) throws Exception {
        if (rounds < 1) throw new ParameterException(spec.commandLine(), "--rounds must be at least 1");
        String account = user != null ? user : userPrefix + "0@" + domain;
        PrintStream out = context.out();
        out.printf(Locale.ROOT, "bench imap first sync: %s:%d, %s, %d rounds of LOGIN + SELECT INBOX + %s%n",
                host, port, account, rounds, ImapFirstSync.FETCH);
        List<ImapFirstSync.Timing> timings = new ArrayList<>();
        for (int i = 1; i <= rounds; i++) {
            ImapFirstSync.Timing t = ImapFirstSync.run(server, account, password);
            timings.add(t);
            out.printf(Locale.ROOT, "sync %d: SELECT %.1f ms, UID FETCH %.1f ms, %d messages, %d bytes%s%n", i,
                    t.selectNanos() / 1e6, t.fetchNanos() / 1e6, t.fetched(), t.bytes(),
                    t.failure() == null ? "" : ", FAILED: " + t.failure());
        }
        List<Long> totals = timings.stream().map(t -> t.selectNanos() + t.fetchNanos()).sorted().toList();
        ImapFirstSync.Timing first = timings.getFirst();
        long failed = timings.stream().filter(t -> t.failure() != null).count();
        out.printf(Locale.ROOT, "result: first sync %.1f ms the first time, p50 %.1f ms (min %.1f, max %.1f; SELECT + UID FETCH "
                        + "of %d messages; %d failed)%n",
                (first.selectNanos() + first.fetchNanos()) / 1e6, totals.get(totals.size() / 2) / 1e6, totals.getFirst() / 1e6,
                totals.getLast() / 1e6, first.messages(), failed);
        out.flush();
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private int queries(InetSocketAddress server) throws Exception {
        if (rounds < 1) throw new ParameterException(spec.commandLine(), "--rounds must be at least 1");
        if (corpusMessages < 1) throw new ParameterException(spec.commandLine(), "--corpus-messages must be at least 1");
        List<ImapQuery> chosen = new ArrayList<>();
        try {
            for (String q : queries == null ? List.<String>of() : queries) chosen.add(ImapQuery.of(q));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String account = user != null ? user : userPrefix + "0@" + domain;
        QueryCorpus corpus = new QueryCorpus(corpusMessages, account);
        PrintStream out = context.out();
        if (maildir != null) {
            QueryCorpusFill.writeMaildir(maildir, corpus);
            out.printf(Locale.ROOT, "wrote %d messages to %s%n", corpusMessages, maildir);
            return ExitCodes.OK;
        }
        if (fillCorpus) StoreCommands.run(spec, store -> {
            QueryCorpusFill.deliver(store, account, password, corpus, out);
            return ExitCodes.OK;
        });
        if (bulkFillCorpus) {
            MaintenanceCommands.run(spec, "bench imap", (setup, progress) -> {
                QueryCorpusBulkFill.load(setup, account, corpus);
                return ExitCodes.OK;
            });
            StoreCommands.run(spec, store -> {
                store.accounts().setPassword(account, password.toCharArray());
                return ExitCodes.OK;
            });
            out.printf(Locale.ROOT, "corpus: %d messages loaded into the INBOX of %s%n", corpusMessages, account);
            out.flush();
        }
        int failed = 0;
        for (ImapQuery q : chosen) failed += new QueryReport(out, server, account, password, rounds).time(q, corpus);
        out.flush();
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}

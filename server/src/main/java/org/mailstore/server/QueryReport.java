package org.mailstore.server;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one {@link ImapQuery} for {@code bench imap --query} and prints it: the command, each round, then one
 * {@code result: <query> ...} line with median, p95, min and the first round in ms, or the first wrong answer.
 */
final class QueryReport {
    /** Nearest-rank percentile the report gives besides the median. */
    static final double HIGH_PERCENTILE = 0.95;

    private final PrintStream out;
    private final InetSocketAddress server;
    private final String user;
    private final String password;
    private final int rounds;

    QueryReport(PrintStream out, InetSocketAddress server, String user, String password, int rounds) {
        this.out = out;
        this.server = server;
        this.user = user;
        this.password = password;
        this.rounds = rounds;
    }

    /** Returns the number of failed rounds. */
    int time(ImapQuery query, QueryCorpus corpus) {
        long expected = switch (query) {
            case SEARCH_TEXT -> corpus.needleCount();
            case SEARCH_COMMON -> corpus.commonCount();
            default -> -1;
        };
        out.printf(Locale.ROOT, "query %s: %s on %s's INBOX at %s:%d, %d rounds%s%n", query.label(), query.command(), user,
                server.getHostString(), server.getPort(), rounds, expected >= 0 ? ", expecting " + expected + " UIDs" : "");
        List<Long> nanos = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try {
            if (query == ImapQuery.QRESYNC) qresync(nanos, failures);
            else searchSortThread(query, expected, nanos, failures);
        } catch (IOException e) {
            failures.add(query.label() + ": " + e.getMessage());
        }
        int failed = Math.max(failures.size(), rounds - nanos.size());
        if (!failures.isEmpty()) {
            out.printf(Locale.ROOT, "result: %s failed in %d of %d rounds: %s%n", query.label(), failed, rounds, failures.getFirst());
        } else {
            List<Long> sorted = nanos.stream().sorted().toList();
            int high = (int) Math.ceil(HIGH_PERCENTILE * sorted.size()) - 1;
            out.printf(Locale.ROOT, "result: %s median %.1f ms, p95 %.1f ms, min %.1f ms, first %.1f ms (%d rounds, 0 failed)%n",
                    query.label(), ms(sorted.get(sorted.size() / 2)), ms(sorted.get(high)), ms(sorted.getFirst()),
                    ms(nanos.getFirst()), rounds);
        }
        out.flush();
        return failed;
    }

    private void searchSortThread(ImapQuery query, long expected, List<Long> nanos, List<String> failures) throws IOException {
        List<ImapQueryBench.Round> done = new ImapQueryBench(server, user, password).run(query, rounds, expected);
        for (int i = 0; i < done.size(); i++) {
            ImapQueryBench.Round r = done.get(i);
            out.printf(Locale.ROOT, "  round %d: %.1f ms, %d UIDs%s%n", i + 1, ms(r.nanos()), r.results(),
                    r.failure() == null ? "" : ", FAILED: " + r.failure());
            nanos.add(r.nanos());
            if (r.failure() != null) failures.add(r.failure());
        }
    }

    private void qresync(List<Long> nanos, List<String> failures) throws IOException {
        QresyncRound round = new QresyncRound(server, user, password);
        for (int i = 1; i <= rounds; i++) {
            QresyncRound.Timing t = round.run();
            out.printf(Locale.ROOT, "  round %d: %.1f ms, %d FETCH, %d UIDs VANISHED, %d bytes (after %d flag changes and %d expunges)%s%n",
                    i, ms(t.nanos()), t.fetched(), t.vanished(), t.bytes(), QresyncRound.FLAG_CHANGES, QresyncRound.EXPUNGES,
                    t.failure() == null ? "" : ", FAILED: " + t.failure());
            nanos.add(t.nanos());
            if (t.failure() != null) failures.add(t.failure());
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}

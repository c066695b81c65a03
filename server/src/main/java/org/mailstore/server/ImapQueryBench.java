package org.mailstore.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times one of the searching, sorting or threading {@link ImapQuery queries} on a user's INBOX, one round after
 * another on one connection, and checks every answer: SEARCH TEXT must find exactly the corpus's count, SORT and
 * THREAD must name every message of the mailbox once. QRESYNC is {@link QresyncRound}'s.
 */
final class ImapQueryBench {
    /** One timed command; {@code failure} is null when its answer was right. */
    record Round(long nanos, long results, String failure) {}

    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final InetSocketAddress server;
    private final String user;
    private final String password;

    ImapQueryBench(InetSocketAddress server, String user, String password) {
        this.server = server;
        this.user = user;
        this.password = password;
    }

    /** {@code expected} is the number of results a right answer has for SEARCH (ignored for SORT and THREAD). */
    List<Round> run(ImapQuery query, int rounds, long expected) throws IOException {
        List<Round> result = new ArrayList<>();
        try (ImapBenchConnection c = new ImapBenchConnection(server)) {
            ImapBenchConnection.Response login = c.login(user, password);
            if (!login.ok()) throw new IOException("LOGIN " + user + ": " + login.status() + " " + login.text());
            long[] exists = {-1};
            ImapBenchConnection.Response select = c.command("SELECT INBOX",
                    l -> exists[0] = Math.max(exists[0], ImapBenchConnection.exists(l)));
            if (!select.ok()) throw new IOException("SELECT INBOX: " + select.status() + " " + select.text());
            for (int i = 0; i < rounds; i++) result.add(round(c, query, query == ImapQuery.SORT || query == ImapQuery.THREAD ? exists[0] : expected));
        }
        return result;
    }

    private static Round round(ImapBenchConnection c, ImapQuery query, long expected) throws IOException {
        String answer = switch (query) {
            case SEARCH_TEXT, SEARCH_COMMON -> "SEARCH";
            case SORT -> "SORT";
            case THREAD -> "THREAD";
            case QRESYNC -> throw new IllegalArgumentException("QRESYNC is timed by QresyncRound");
        };
        BitSet seen = new BitSet();
        long[] numbers = {0};
        long t0 = System.nanoTime();
        ImapBenchConnection.Response r = c.command(query.command(), l -> {
            if (!l.regionMatches(true, 0, "* " + answer + " ", 0, answer.length() + 3) && !l.equalsIgnoreCase("* " + answer)) return;
            Matcher m = NUMBER.matcher(l);
            while (m.find()) {
                seen.set(Integer.parseInt(m.group()));
                numbers[0]++;
            }
        });
        long nanos = System.nanoTime() - t0;
        String failure = !r.ok() ? query.label() + ": " + r.status() + " " + r.text()
                : numbers[0] != seen.cardinality() ? query.label() + " named " + numbers[0] + " UIDs, " + seen.cardinality() + " distinct"
                : numbers[0] != expected ? query.label() + " answered " + numbers[0] + " UIDs, expected " + expected
                : null;
        return new Round(nanos, numbers[0], failure);
    }
}

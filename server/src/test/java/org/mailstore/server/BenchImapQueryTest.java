package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;

/**
 * {@code mailstore bench imap --query} against a real {@code serve} on a small query corpus: the searches find exactly
 * the corpus's counts, QRESYNC transfers exactly the hundred changes, a wrong answer fails the run, and SORT and THREAD
 * are checked when the server offers them (and reported as refused when it does not).
 */
class BenchImapQueryTest {
    private static final int MESSAGES = 200;
    private static final String USER = "query@bench.test";
    private static final String TIMED = "median [0-9.]+ ms, p95 [0-9.]+ ms, min [0-9.]+ ms, first [0-9.]+ ms \\(2 rounds, 0 failed\\)";

    @TempDir
    Path dir;

    @Test
    void timesRightAnswersAndFailsOnWrongOnes() throws Exception {
        try (ImapServe serve = ImapServe.start(dir, ImapServe.env(TestDatabase.freshEmpty(), dir.resolve("data"), "qbench"))) {
            Cli.Result r = query(serve, "--fill-corpus", "--query", "search-text,search-common,qresync");
            assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
            List<String> lines = r.out().lines().toList();
            assertTrue(lines.contains("corpus: query@bench.test has 0 messages, delivering 200 more"), r.out());
            assertTrue(lines.contains("query search-text: UID SEARCH TEXT zyqxvort on query@bench.test's INBOX at 127.0.0.1:"
                    + serve.imap + ", 2 rounds, expecting 20 UIDs"), r.out());
            assertEquals(2, lines.stream().filter(l -> Pattern.matches("  round \\d: [0-9.]+ ms, 20 UIDs", l)).count(), r.out());
            assertEquals(2, lines.stream().filter(l -> Pattern.matches("  round \\d: [0-9.]+ ms, 66 UIDs", l)).count(), r.out());
            assertEquals(2, lines.stream().filter(l -> Pattern.matches(
                    "  round \\d: [0-9.]+ ms, 90 FETCH, \\d+ UIDs VANISHED, \\d+ bytes \\(after 90 flag changes and 10 expunges\\)", l))
                    .count(), r.out());
            for (String q : List.of("search-text", "search-common", "qresync")) {
                assertTrue(lines.stream().anyMatch(l -> Pattern.matches("result: " + q + " " + TIMED, l)), q + ": " + r.out());
            }

            boolean sorts = offers(serve, "SORT");
            Cli.Result ordered = query(serve, "--query", "sort,thread");
            if (sorts) {
                assertEquals(ExitCodes.OK, ordered.code(), ordered.out());
                assertEquals(4, ordered.out().lines().filter(l -> Pattern.matches("  round \\d: [0-9.]+ ms, 200 UIDs", l)).count(),
                        ordered.out());
            } else {
                assertEquals(ExitCodes.FAILURE, ordered.code(), ordered.out());
                assertTrue(ordered.out().lines().anyMatch(l -> l.matches("result: sort failed in 2 of 2 rounds: sort: (BAD|NO) .*")),
                        ordered.out());
            }

            serve.deliverWithCli(USER, "Subject: one more\r\n\r\nsee zyqxvort\r\n");
            Cli.Result wrong = query(serve, "--query", "search-text");
            assertEquals(ExitCodes.FAILURE, wrong.code(), wrong.out());
            assertEquals("result: search-text failed in 2 of 2 rounds: search-text answered 21 UIDs, expected 20",
                    wrong.out().lines().toList().getLast());
        }
    }

    @Test
    void refusesUnknownQueriesAndRounds() {
        for (List<String> args : List.of(List.of("--query", "search-everything"), List.of("--query", "sort", "--rounds", "0"),
                List.of("--query", "qresync", "--corpus-messages", "0"))) {
            List<String> line = new java.util.ArrayList<>(List.of("bench", "imap"));
            line.addAll(args);
            Cli.Result r = new Cli(java.util.Map.of(), dir).run(line.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, r.code(), args + ": " + r.err());
            assertEquals("", r.out(), args.toString());
        }
    }

    private static Cli.Result query(ImapServe serve, String... args) {
        List<String> line = new java.util.ArrayList<>(List.of("bench", "imap", "--port", String.valueOf(serve.imap),
                "--user", USER, "--password", "pw", "--corpus-messages", String.valueOf(MESSAGES), "--rounds", "2"));
        line.addAll(List.of(args));
        return serve.cli().run(line.toArray(String[]::new));
    }

    private static boolean offers(ImapServe serve, String capability) throws Exception {
        try (ImapBenchConnection c = new ImapBenchConnection(new InetSocketAddress("127.0.0.1", serve.imap))) {
            assertTrue(c.login(USER, "pw").ok());
            return c.hasCapability(capability);
        }
    }
}

package org.mailstore.server;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mailstore bench pop3}: times what a mail client does on every check of a large maildrop,
 * login + STAT + UIDL + LIST + QUIT, against any POP3 server (mailstore's, Dovecot's). The first
 * session is reported as cold, then {@code --rounds} warm ones. Not a test: the figures depend on
 * the machine; bench/pop3-vs-dovecot.sh runs it against both servers.
 */
@Command(name = "pop3",
        description = {"Time login + STAT + UIDL + LIST + QUIT on a maildrop of --messages messages.",
                "By default first makes sure this mailstore's account --user holds exactly that many (delivering generated mail); "
                        + "--no-prepare measures any server as it is.",
                "The last line reads: result: cold X ms, warm p50 Y ms (...). Exits 1 if any answer is wrong."})
final class BenchPop3Command implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--port", defaultValue = "1110", description = "Server port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--user", defaultValue = "pop3bench@bench.test", description = "Account (default: ${DEFAULT-VALUE}).")
    private String user;

    @Option(names = "--password", defaultValue = "bench", description = "Its password (default: ${DEFAULT-VALUE}).")
    private String password;

    @Option(names = "--messages", defaultValue = "10000", description = "Messages in the maildrop (default: ${DEFAULT-VALUE}).")
    private int messages;

    @Option(names = "--size", defaultValue = "4096", description = "Bytes per generated message (default: ${DEFAULT-VALUE}).")
    private int size;

    @Option(names = "--rounds", defaultValue = "10", description = "Warm sessions after the cold one (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--prepare", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Fill this mailstore's account first (default: ${DEFAULT-VALUE}).")
    private boolean prepare;

    @Option(names = "--write-maildir", paramLabel = "DIR",
            description = "Only write the same generated messages as a maildir in DIR (for another server) and exit.")
    private Path maildir;

    BenchPop3Command(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = context.out();
        if (maildir != null) {
            Pop3BenchMaildrop.writeMaildir(maildir, user, messages, size);
            out.printf(Locale.ROOT, "wrote %d messages to %s%n", messages, maildir);
            return ExitCodes.OK;
        }
        if (prepare) {
            StoreCommands.run(spec, store -> {
                Pop3BenchMaildrop.prepare(store, user, password, messages, size, out);
                return ExitCodes.OK;
            });
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        out.printf(Locale.ROOT, "bench pop3: %s:%d, %s, %d messages, 1 cold + %d warm sessions of login + STAT + UIDL + LIST + QUIT%n",
                host, port, user, messages, rounds);
        Pop3SessionTimer.Timing cold = Pop3SessionTimer.run(address, user, password, messages);
        out.println("cold: " + describe(cold));
        List<Pop3SessionTimer.Timing> warm = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            warm.add(Pop3SessionTimer.run(address, user, password, messages));
            out.println("warm " + (i + 1) + ": " + describe(warm.getLast()));
        }
        out.printf(Locale.ROOT, "result: cold %.1f ms, warm p50 %.1f ms (min %.1f, max %.1f; at p50 login %.1f, STAT %.1f, UIDL %.1f, LIST %.1f ms; %d messages)%n",
                ms(cold.total()), ms(median(warm, Pop3SessionTimer.Timing::total)), ms(min(warm)), ms(max(warm)),
                ms(median(warm, Pop3SessionTimer.Timing::login)), ms(median(warm, Pop3SessionTimer.Timing::stat)),
                ms(median(warm, Pop3SessionTimer.Timing::uidl)), ms(median(warm, Pop3SessionTimer.Timing::list)), messages);
        out.flush();
        return ExitCodes.OK;
    }

    private static String describe(Pop3SessionTimer.Timing t) {
        return String.format(Locale.ROOT, "%.1f ms (connect %.1f, login %.1f, STAT %.1f, UIDL %.1f, LIST %.1f, QUIT %.1f)",
                ms(t.total()), ms(t.connect()), ms(t.login()), ms(t.stat()), ms(t.uidl()), ms(t.list()), ms(t.quit()));
    }

    private static long median(List<Pop3SessionTimer.Timing> ts, ToLongFunction<Pop3SessionTimer.Timing> f) {
        if (ts.isEmpty()) return 0;
        List<Long> v = ts.stream().map(f::applyAsLong).sorted().toList();
        return v.get(v.size() / 2);
    }

    private static long min(List<Pop3SessionTimer.Timing> ts) {
        return ts.stream().map(Pop3SessionTimer.Timing::total).min(Comparator.naturalOrder()).orElse(0L);
    }

    private static long max(List<Pop3SessionTimer.Timing> ts) {
        return ts.stream().map(Pop3SessionTimer.Timing::total).max(Comparator.naturalOrder()).orElse(0L);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}

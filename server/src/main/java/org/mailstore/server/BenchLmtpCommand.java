package org.mailstore.server;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mailstore bench lmtp}: delivers generated mail to any LMTP server (mailstore's, Dovecot's)
 * and prints messages per second and the p50/p99 transaction latency on its last line. Not a test:
 * the figures depend on the machine; bench/lmtp-vs-dovecot.sh runs it against both servers.
 */
@Command(name = "lmtp",
        description = {"Deliver generated messages over LMTP and measure throughput and latency.",
                "Recipients are --address-format with a user number: connection c uses users c*R..c*R+R-1 (mod --users); "
                        + "they must exist on the server.",
                "The last line reads: result: X messages/s, p50 Y ms, p99 Z ms (...). Exits 1 if any delivery failed."})
final class BenchLmtpCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--port", defaultValue = "2424", description = "Server port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--connections", defaultValue = "16", description = "Parallel LMTP sessions (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = "--messages", defaultValue = "10000", description = "Messages in the measured run, over all connections (default: ${DEFAULT-VALUE}).")
    private int messages;

    @Option(names = "--size", defaultValue = "4096", description = "Bytes per message (default: ${DEFAULT-VALUE}).")
    private int size;

    @Option(names = "--recipients", defaultValue = "1", description = "Recipients per message (default: ${DEFAULT-VALUE}).")
    private int recipients;

    @Option(names = "--users", description = "Distinct recipient accounts (default: connections x recipients).")
    private Integer users;

    @Option(names = "--address-format", defaultValue = "bench%d@bench.test",
            description = "Recipient address with %%d for the user number (default: ${DEFAULT-VALUE}).")
    private String addressFormat;

    @Option(names = "--sender", defaultValue = "sender@bench.test", description = "MAIL FROM address (default: ${DEFAULT-VALUE}).")
    private String sender;

    @Option(names = "--warmup", defaultValue = "500", description = "Messages sent first and not measured (default: ${DEFAULT-VALUE}).")
    private int warmup;

    BenchLmtpCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        LmtpLoad.Plan plan = new LmtpLoad.Plan(new InetSocketAddress(host, port), connections, messages, size, recipients,
                users == null ? connections * recipients : users, addressFormat, sender, warmup);
        PrintStream out = context.out();
        out.printf(Locale.ROOT, "bench lmtp: %s:%d, %d connections, %d messages of %d bytes, %d recipient(s) each, %d users, %d warm-up messages%n",
                host, port, connections, messages, size, recipients, plan.users(), warmup);
        LmtpLoad.Result r = new LmtpLoad(plan).run();
        if (r.firstFailure() != null) out.println("first failure: " + r.firstFailure());
        out.printf(Locale.ROOT, "result: %.1f messages/s, p50 %.2f ms, p99 %.2f ms (%d messages, %d failed, %.2f s)%n",
                r.messagesPerSecond(), r.p50Millis(), r.p99Millis(), r.messages(), r.failed(), r.seconds());
        out.flush();
        return r.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}

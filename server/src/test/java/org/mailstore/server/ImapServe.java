package org.mailstore.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailstore.schema.testing.TestDatabase;

/**
 * {@code mailstore serve} in its own JVM with LMTP, POP3 and IMAP on ephemeral loopback ports, on a given
 * PostgreSQL and data directory (so two instances can share both), for the IMAP end-to-end tests.
 */
final class ImapServe implements AutoCloseable {
    final ServeProcess process;
    final Map<String, String> env;
    final Path cwd;
    final int imap;
    final int lmtp;
    final int pop3;

    private ImapServe(ServeProcess process, Map<String, String> env, Path cwd) throws IOException {
        this.process = process;
        this.env = env;
        this.cwd = cwd;
        this.imap = port("imap");
        this.lmtp = port("lmtp");
        this.pop3 = port("pop3");
    }

    static Map<String, String> env(TestDatabase.Coordinates db, Path dataDir, String instanceId) {
        Map<String, String> env = new HashMap<>(ServeExternalDatabaseTest.env(db, dataDir));
        for (String l : new String[] {"LMTP", "POP3", "IMAP"}) env.put("MAILSTORE_" + l + "_LISTEN", "127.0.0.1:0");
        env.put("MAILSTORE_INSTANCE_ID", instanceId);
        return env;
    }

    static ImapServe start(Path cwd, Map<String, String> env) throws IOException, InterruptedException {
        return new ImapServe(ServeProcess.start(cwd, env), env, cwd);
    }

    static ImapServe start(Path cwd, Map<String, String> env, Duration startTimeout) throws IOException, InterruptedException {
        return new ImapServe(ServeProcess.start(cwd, env, ServeProcess.Options.DEFAULT.withStartTimeout(startTimeout)), env, cwd);
    }

    Cli cli() {
        return new Cli(env, cwd);
    }

    void addAccount(String address, String password) {
        Cli.Result r = cli().runWithInput((password + "\n").getBytes(StandardCharsets.UTF_8), Optional.empty(),
                "account", "add", address, "--password-stdin");
        if (r.code() != 0) throw new AssertionError("account add " + address + ": " + r.err());
    }

    void deliverWithCli(String address, String message) {
        Cli.Result r = cli().runWithInput(message.getBytes(StandardCharsets.UTF_8), Optional.empty(), "deliver", "--to", address);
        if (r.code() != 0) throw new AssertionError("deliver to " + address + ": " + r.err());
    }

    int port(String protocol) throws IOException {
        Matcher m = Pattern.compile("\\b" + protocol + " 127\\.0\\.0\\.1:(\\d+)").matcher(process.output());
        if (!m.find()) throw new AssertionError("no " + protocol + " listener in: " + process.output());
        return Integer.parseInt(m.group(1));
    }

    @Override
    public void close() {
        process.close();
    }
}

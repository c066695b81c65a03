package org.mailstore.pop3d;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mailstore.net.ServerEndpoint;
import org.mailstore.net.testing.ProtocolScript;
import org.mailstore.store.Account;
import org.mailstore.store.StoreFixture;

/**
 * Runs every {@code scripts/*.test} file against a live {@link Pop3Server} on a real store: each
 * script gets its own account (holding {@link Samples}) and its own server with the script's
 * settings. See {@link ProtocolScript} for the format; POP3 adds one step:
 * <pre>
 * INBOX: n                     the account's INBOX holds n messages (read through the store API)
 * </pre>
 * and the settings maxLineBytes, maxCommands, maxBadCommands, maxAuthFailures, maxConnections,
 * maxConnectionsPerAddress, idleTimeout and authFailureDelay.
 */
class ProtocolScriptTest {
    /** Short, so failed logins do not slow the scripts; AuthFailureDelayTest checks the real thing. */
    static final Duration SCRIPT_AUTH_FAILURE_DELAY = Duration.ofMillis(50);

    private static StoreFixture f;

    /** Another account with mail, which OnlyOwnMaildrop.test tries to reach. */
    static final String VICTIM = "pop3-victim@example.org";

    record Inbox(int messages, int lineNumber) implements ProtocolScript.Step {}

    private static final ProtocolScript.Dialect<Pop3Settings> POP3 = new ProtocolScript.Dialect<>() {
        @Override
        public Pop3Settings set(Pop3Settings s, String name, long value) {
            int v = Math.toIntExact(value);
            return switch (name) {
                case "maxLineBytes" -> s.withMaxLineBytes(v);
                case "maxCommands" -> s.withMaxCommands(v);
                case "maxBadCommands" -> s.withMaxBadCommands(v);
                case "maxAuthFailures" -> s.withMaxAuthFailures(v);
                case "maxConnections" -> s.withMaxConnections(v);
                case "idleTimeout" -> s.withIdleTimeout(Duration.ofMillis(v));
                case "authFailureDelay" -> s.withAuthFailureDelay(Duration.ofMillis(v));
                case "maxConnectionsPerAddress" -> s.withMaxConnectionsPerAddress(v);
                default -> throw new IllegalArgumentException("unknown setting " + name);
            };
        }

        @Override
        public ProtocolScript.Step step(String line, int lineNumber) {
            return line.startsWith("INBOX: ") ? new Inbox(Integer.parseInt(line.substring(7).trim()), lineNumber) : null;
        }
    };

    @BeforeAll
    static void start() throws IOException {
        f = new StoreFixture();
        Samples.fill(f.store, f.store.accounts().create(VICTIM, "the victim's own password".toCharArray()));
    }

    @AfterAll
    static void stop() throws IOException {
        f.close();
    }

    @TestFactory
    Stream<DynamicTest> scripts() throws IOException, URISyntaxException {
        return ProtocolScript.tests(ProtocolScriptTest.class, ProtocolScriptTest::run);
    }

    private static void run(Path file) throws Exception {
        String base = file.getFileName().toString().replace(".test", "").toLowerCase(Locale.ROOT);
        Account account = f.account(base + "@example.org");
        Samples.fill(f.store, account);
        ProtocolScript<Pop3Settings> script = ProtocolScript.load(file,
                Pop3Settings.defaults().withAuthFailureDelay(SCRIPT_AUTH_FAILURE_DELAY), account.address(), POP3);
        try (Pop3Server server = Pop3Server.start(script.settings(), f.store, ServerEndpoint.loopback())) {
            script.run(server.address(), step -> {
                Inbox i = (Inbox) step;
                assertEquals(i.messages(), f.mailbox(account, "INBOX").messages(), script.name() + ":" + i.lineNumber() + ": INBOX messages");
            });
        }
    }
}

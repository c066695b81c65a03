package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mailstore.net.ServerEndpoint;
import org.mailstore.net.testing.ProtocolScript;
import org.mailstore.store.Account;
import org.mailstore.store.Recipient;
import org.mailstore.store.StoreFixture;

/**
 * Runs every {@code scripts/*.test} file against a live {@link ImapServer} on a real store: each script gets its
 * own account (holding {@link Samples}) and its own server with the script's settings. See {@link ProtocolScript}
 * for the format; IMAP adds two steps:
 * <pre>
 * DELIVER: subject             deliver a new message with this subject to the account's INBOX (as LMTP would)
 * SLEEP: ms                    wait, for changes that travel through LISTEN/NOTIFY
 * </pre>
 * and the settings maxConnections, loginTimeout, autologout, maxBadCommands, maxAuthFailures, authFailureDelay,
 * maxAppendBytes and maxConnectionsPerAddress. Scripts named {@code QuotaAdmin*.test} run with their account as a
 * quota administrator (ImapSettings#quotaAdmins), which a numeric setting cannot say.
 */
class ProtocolScriptTest {
    /** The lower-cased file-name prefix of scripts whose account is a quota administrator. */
    private static final String QUOTA_ADMIN_SCRIPTS = "quotaadmin";
    private static StoreFixture f;

    record Deliver(String subject) implements ProtocolScript.Step {}

    record Sleep(long millis) implements ProtocolScript.Step {}

    private static final ProtocolScript.Dialect<ImapSettings> IMAP = new ProtocolScript.Dialect<>() {
        @Override
        public ImapSettings set(ImapSettings s, String name, long v) {
            return switch (name) {
                case "maxConnections" -> s.withMaxConnections(Math.toIntExact(v));
                case "loginTimeout" -> s.withLoginTimeout(Duration.ofMillis(v));
                case "autologout" -> s.withAutologout(Duration.ofMillis(v));
                case "maxBadCommands" -> s.withMaxBadCommands(Math.toIntExact(v));
                case "maxAuthFailures" -> s.withMaxAuthFailures(Math.toIntExact(v));
                case "authFailureDelay" -> s.withAuthFailureDelay(Duration.ofMillis(v));
                case "maxAppendBytes" -> s.withMaxAppendBytes(v);
                case "maxConnectionsPerAddress" -> s.withMaxConnectionsPerAddress(Math.toIntExact(v));
                default -> throw new IllegalArgumentException("unknown setting " + name);
            };
        }

        @Override
        public ProtocolScript.Step step(String line, int lineNumber) {
            if (line.startsWith("DELIVER: ")) return new Deliver(line.substring(9).trim());
            if (line.startsWith("SLEEP: ")) return new Sleep(Long.parseLong(line.substring(7).trim()));
            return null;
        }
    };

    @BeforeAll
    static void start() throws IOException {
        f = new StoreFixture();
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
        ProtocolScript<ImapSettings> script = ProtocolScript.load(file,
                ImapSettings.defaults().withAuthFailureDelay(LiveServer.TEST_AUTH_FAILURE_DELAY), account.address(), IMAP);
        ImapSettings settings = base.startsWith(QUOTA_ADMIN_SCRIPTS)
                ? script.settings().withQuotaAdmins(Set.of(account.address())) : script.settings();
        try (ImapServer server = ImapServer.start(settings, f.store, ServerEndpoint.loopback())) {
            script.run(server.address(), step -> {
                switch (step) {
                    case Deliver d -> {
                        var outcome = f.deliver(StoreFixture.message(d.subject(), "Delivered during the script."),
                                new Recipient(account.address())).getFirst();
                        assertTrue(outcome.delivered(), script.name() + ": delivery failed: " + outcome.failure());
                    }
                    case Sleep z -> Thread.sleep(z.millis());
                    default -> throw new AssertionError("not an IMAP script step: " + step);
                }
            });
        }
    }
}

package org.mailstore.imapd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ParsedCommand;
import org.mailstore.imapd.parse.CommandReader;
import org.mailstore.imapd.parse.ParserLimits;
import org.mailstore.net.AuthThrottle;
import org.mailstore.net.CommandDeadline;
import org.mailstore.net.CommandTimeoutException;
import org.mailstore.net.Connection;
import org.mailstore.net.EchoText;
import org.mailstore.net.LineReader;
import org.mailstore.net.ProtocolMetrics;
import org.mailstore.net.SaslMechanism;
import org.mailstore.net.SaslMechanisms;
import org.mailstore.net.SaslStep;
import org.mailstore.store.Account;
import org.mailstore.store.MailStore;
import org.mailstore.store.MailboxChange;
import org.mailstore.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One IMAP connection from greeting to close: the RFC 9051 state machine over a {@link CommandReader}.
 *
 * <p>Each command arrives as a record; {@link CommandTable} says whether it may run in the current state and whether
 * it works on sequence numbers; a handler runs it and returns the text of its tagged completion. Before that
 * completion goes out, {@link MailboxUpdates} reports what other sessions changed in the selected mailbox (EXISTS,
 * EXPUNGE, FETCH FLAGS), holding EXPUNGE back while a sequence-number command runs. Store failures become NO
 * responses through {@link ImapErrors} only. Output is flushed when the session is about to wait for the client
 * ({@link FlushBeforeRead}), so a pipelined batch costs one write.
 *
 * <p>Memory per connection is the input and output buffers (a few KB each) and, while a mailbox is selected, its
 * {@link UidMap}: no caches. Change notifications for the account record the selected mailbox's announced MODSEQ;
 * the session reads the database for changes only when that is above what it knows, or at NOOP and CHECK.
 */
final class ImapSession {
    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);
    /** Before the login capabilities; the order clients have always seen. */
    static final String CAPABILITIES_HEAD = "IMAP4rev1 IMAP4rev2 LITERAL+ SASL-IR";
    static final String CAPABILITIES_TAIL = "ENABLE IDLE ID NAMESPACE UIDPLUS MULTIAPPEND BINARY MOVE "
            + "UNSELECT CHILDREN LIST-EXTENDED LIST-STATUS SPECIAL-USE ESEARCH SEARCHRES WITHIN SAVEDATE OBJECTID STATUS=SIZE "
            + "UNAUTHENTICATE CREATE-SPECIAL-USE COMPRESS=DEFLATE QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE CONDSTORE QRESYNC "
            + "SORT SORT=DISPLAY THREAD=ORDEREDSUBJECT THREAD=REFERENCES";
    static final String GREETING_TEXT = "mailstore ready.";
    static final String IMPLEMENTATION = "mailstore";
    static final String REV2 = "IMAP4rev2";
    /** RFC 7162's first extension, which ENABLE names. */
    static final String CONDSTORE = "CONDSTORE";
    static final String QRESYNC = "QRESYNC";
    /** RFC 4978's one mechanism. */
    static final String COMPRESSION = "DEFLATE";
    /** RFC 9051 {@code number}: APPENDLIMIT (RFC 7889) carries a limit only up to this. */
    static final long MAX_IMAP_NUMBER = 4_294_967_295L;
    /**
     * Parser limits before login (STYLE.md: smaller before): enough for LOGIN or AUTHENTICATE with a long address
     * and password, so an unauthenticated client can make the server hold only a few KB.
     */
    static final ParserLimits BEFORE_LOGIN = new ParserLimits(8 * 1024, 4 * 1024, 16 * 1024, 8, 64);
    /** The input buffer: commands are short, and APPEND literals stream through it to the blob store. */
    static final int INPUT_BUFFER_BYTES = 4 * 1024;

    final ImapSettings settings;
    final MailStore store;
    private final AuthThrottle throttle;
    private final InetAddress remote;
    final ResponseWriter out;
    final LineReader in;
    /** Lets IDLE stop the flush-before-read while its pusher owns the writer. */
    final FlushBeforeRead input;
    /** The idle timeout and the deadline of the command being read; see {@link CommandDeadline}. */
    private final CommandDeadline deadline;
    final Connection connection;
    final CommandReader commands;

    SessionState state = SessionState.NOT_AUTHENTICATED;
    Account account;
    volatile SelectedMailbox selected;
    boolean imap4rev2;
    /** RFC 7162 §3.1: CONDSTORE is on once ENABLEd or used; from then on flag FETCH responses carry MODSEQ. */
    boolean condstore;
    /** RFC 7162 §3.2: QRESYNC is on once ENABLEd (it implies CONDSTORE); expunges are then reported as VANISHED. */
    boolean qresync;
    private AutoCloseable changeSubscription;
    private int badInARow;
    private int authFailures;
    private boolean closing;

    ImapSession(ImapSettings settings, MailStore store, AuthThrottle throttle, Connection connection) {
        this.settings = settings;
        this.store = store;
        this.throttle = throttle;
        this.connection = connection;
        this.remote = connection.peer();
        this.out = new ResponseWriter(connection.output());
        this.deadline = new CommandDeadline(connection, settings.commandTimeouts(), settings.loginTimeout());
        this.input = new FlushBeforeRead(deadline, out);
        this.in = new LineReader(input, INPUT_BUFFER_BYTES);
        this.commands = new CommandReader(in, text -> out.atom("+ ").atom(text).crlf().flush(), BEFORE_LOGIN);
    }

    void serve() throws IOException {
        try {
            timeout(settings.loginTimeout());
            send("* OK [CAPABILITY " + capabilities() + "] " + GREETING_TEXT);
            out.flush();
            while (!closing) {
                // Responses go out when the next read would wait for the client: see FlushBeforeRead.
                deadline.nextCommand(in.hasBuffered());
                ParsedCommand p = commands.next();
                if (p == null) {
                    // The client closed, or the parser will not read on (an oversized non-synchronizing literal):
                    // whatever was answered last still goes out.
                    log.info("connection ended by the client or by the parser");
                    out.flush();
                    return;
                }
                handle(p);
            }
            out.flush();
        } catch (CommandTimeoutException e) {
            log.info("closing: {}", e.getMessage());
            send("* BYE Command timed out; sent too slowly.");
            out.flush();
        } catch (SocketTimeoutException e) {
            log.info("autologout after {} of silence", state == SessionState.NOT_AUTHENTICATED ? settings.loginTimeout() : settings.autologout());
            send("* BYE Autologout; idle for too long.");
            out.flush();
        } finally {
            unsubscribe();
        }
    }

    private void handle(ParsedCommand parsed) throws IOException {
        switch (parsed) {
            case ParsedCommand.Bad b -> bad(b.tag(), b.message());
            case ParsedCommand.Command c -> execute(c.tag(), c.command());
        }
    }

    private void execute(String tag, ImapCommand command) throws IOException {
        CommandTable.Rule rule = CommandTable.of(command);
        if (!rule.allowedIn(state)) {
            if (command instanceof ImapCommand.Append append) AppendCommand.abandon(this, append);
            ProtocolMetrics.command("imap", rule.name(), "bad");
            bad(tag, rule.name() + " is not allowed " + switch (state) {
                case NOT_AUTHENTICATED -> "before login.";
                case AUTHENTICATED -> command instanceof ImapCommand.Login || command instanceof ImapCommand.Authenticate
                        ? "after login." : "without a selected mailbox.";
                case SELECTED -> "after login.";
                case LOGOUT -> "after logout.";
            });
            return;
        }
        String completion;
        try {
            completion = run(tag, command);
        } catch (BadCommandException e) {
            ProtocolMetrics.command("imap", rule.name(), "bad");
            bad(tag, e.getMessage());
            return;
        } catch (StoreException e) {
            // A client's own mistake (CREATE of an existing mailbox, COPY to a missing one, over quota) is routine:
            // clients do it at every start; only what is wrong on this side is a warning.
            if (e.reason().temporary()) log.warn("{} failed: {} ({})", rule.name(), e.getMessage(), e.reason(), e);
            else log.info("{} refused: {} ({})", rule.name(), e.getMessage(), e.reason());
            completion = ImapErrors.of(e, destinationOf(command));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            // A bug of ours: the client hears so in RFC 5530 terms and the session goes on.
            log.error("{} failed", rule.name(), e);
            completion = ImapErrors.SERVERBUG;
        }
        if (completion == null) return;
        ProtocolMetrics.command("imap", rule.name(), completion.startsWith("OK") ? "ok" : completion.startsWith("NO") ? "no" : "bad");
        if (completion.startsWith("BAD ")) {
            bad(tag, completion.substring(4));
            return;
        }
        badInARow = 0;
        if (state == SessionState.SELECTED && !closing) {
            try {
                MailboxUpdates.report(this, false, !rule.usesSequenceNumbers());
            } catch (StoreException e) {
                log.warn("reading mailbox changes failed: {} ({})", e.getMessage(), e.reason());
            }
        }
        send(tag + " " + completion);
    }

    /** The handler; returns the tagged completion without the tag, or null when the handler sent it itself. */
    private String run(String tag, ImapCommand command) throws IOException, BadCommandException {
        return switch (command) {
            case ImapCommand.Capability c -> capability();
            case ImapCommand.Noop c -> noop("NOOP");
            case ImapCommand.Logout c -> logout();
            case ImapCommand.Id c -> id();
            case ImapCommand.StartTls c -> startTls(tag);
            case ImapCommand.Login c -> plaintextAllowed()
                    ? login(c.user(), c.password().toCharArray(), "LOGIN command") : ImapErrors.PRIVACY_REQUIRED;
            case ImapCommand.Authenticate c -> authenticate(c);
            case ImapCommand.Enable c -> enable(c.capabilities());
            case ImapCommand.Select c -> MailboxSelection.select(this, c);
            case ImapCommand.Create c -> MailboxCommands.create(this, c);
            case ImapCommand.Unauthenticate c -> unauthenticate();
            case ImapCommand.Compress c -> compress(tag, c.mechanism());
            case ImapCommand.Delete c -> MailboxCommands.delete(this, c.mailbox());
            case ImapCommand.Rename c -> MailboxCommands.rename(this, c.from(), c.to());
            case ImapCommand.Subscribe c -> MailboxCommands.subscribe(this, c.mailbox(), true);
            case ImapCommand.Unsubscribe c -> MailboxCommands.subscribe(this, c.mailbox(), false);
            case ImapCommand.ListMailboxes c -> MailboxLister.list(this, c);
            case ImapCommand.Namespace c -> namespace();
            case ImapCommand.Status c -> MailboxCommands.status(this, c);
            case ImapCommand.Append c -> AppendCommand.append(this, c);
            case ImapCommand.Idle c -> IdleCommand.idle(this);
            case ImapCommand.GetQuota c -> QuotaCommands.getQuota(this, c);
            case ImapCommand.GetQuotaRoot c -> QuotaCommands.getQuotaRoot(this, c);
            case ImapCommand.SetQuota c -> QuotaCommands.setQuota(this, c);
            case ImapCommand.Check c -> noop("CHECK");
            case ImapCommand.Close c -> MailboxSelection.close(this, true);
            case ImapCommand.Unselect c -> MailboxSelection.close(this, false);
            case ImapCommand.Expunge c -> ExpungeCommand.expunge(this, c);
            case ImapCommand.Search c -> SearchCommand.search(this, tag, c);
            case ImapCommand.Sort c -> SortCommand.sort(this, c);
            case ImapCommand.Thread c -> SortCommand.thread(this, c);
            case ImapCommand.Fetch c -> FetchCommand.fetch(this, c);
            case ImapCommand.Store c -> StoreCommand.store(this, c);
            case ImapCommand.Copy c -> CopyCommand.copy(this, c.uid(), c.messages(), c.mailbox(), false);
            case ImapCommand.Move c -> CopyCommand.copy(this, c.uid(), c.messages(), c.mailbox(), true);
        };
    }

    private static ImapErrors.Role destinationOf(ImapCommand command) {
        return command instanceof ImapCommand.Append || command instanceof ImapCommand.Copy || command instanceof ImapCommand.Move
                ? ImapErrors.Role.DESTINATION : ImapErrors.Role.SOURCE;
    }

    private String capability() throws IOException {
        send("* CAPABILITY " + capabilities());
        return "OK CAPABILITY completed.";
    }

    /**
     * What this connection may use now: STARTTLS while TLS is available and off, and where the plaintext policy
     * forbids cleartext passwords, LOGINDISABLED and neither AUTH=PLAIN nor AUTH=LOGIN; SCRAM-SHA-256 always (RFC 9051 §6.2.3, RFC 2595 §3.2).
     */
    String capabilities() {
        StringBuilder c = new StringBuilder(CAPABILITIES_HEAD);
        if (state == SessionState.NOT_AUTHENTICATED && connection.startTlsAvailable()) c.append(" STARTTLS");
        if (!plaintextAllowed()) c.append(" LOGINDISABLED");
        for (String m : SaslMechanisms.offered(plaintextAllowed())) c.append(" AUTH=").append(m);
        c.append(' ').append(CAPABILITIES_TAIL);
        // RFC 7889 §2: one limit for every mailbox, so it goes in the capability; a bare APPENDLIMIT says "ask STATUS".
        long limit = settings.maxAppendBytes();
        c.append(" APPENDLIMIT");
        if (limit <= MAX_IMAP_NUMBER) c.append('=').append(limit);
        // RFC 9208 §3.1: QUOTASET says SETQUOTA works, which it does only for quota administrators
        if (account != null && settings.quotaAdmin(account.address())) c.append(" QUOTASET");
        return c.toString();
    }

    /** Whether LOGIN and the cleartext SASL mechanisms may run on this connection now; see PlaintextPolicy. */
    boolean plaintextAllowed() {
        return connection.plaintextAllowed();
    }

    /**
     * RFC 9051 §6.2.1: the tagged OK goes out in the clear, then the handshake. Whatever the client sent after the
     * command is dropped unread (see {@link Connection#startTls}); the client asks for CAPABILITY again.
     */
    private String startTls(String tag) throws IOException {
        if (connection.secure()) return "BAD TLS is already active.";
        if (!connection.startTlsAvailable()) return "BAD TLS support isn't enabled.";
        send(tag + " OK Begin TLS negotiation now.");
        out.flush();
        connection.startTls(in);
        return null;
    }

    /** NOOP and CHECK: the answer is whatever changed, so look at the database even without a notification. */
    private String noop(String name) {
        if (state == SessionState.SELECTED) selected.mustCheck.set(true);
        return "OK " + name + " completed.";
    }

    private String logout() throws IOException {
        send("* BYE Logging out.");
        state = SessionState.LOGOUT;
        closing = true;
        return "OK LOGOUT completed.";
    }

    private String id() throws IOException {
        send("* ID (\"name\" \"" + IMPLEMENTATION + "\")");
        return "OK ID completed.";
    }

    private String namespace() throws IOException {
        send("* NAMESPACE ((\"\" \"/\")) NIL NIL");
        return "OK NAMESPACE completed.";
    }

    /**
     * RFC 4978: the tagged OK goes out uncompressed, then both directions are DEFLATE streams (inside TLS when it is
     * on); whatever the client sent after the command is dropped unread, as at STARTTLS ({@link Connection#compress}).
     */
    private String compress(String tag, String mechanism) throws IOException {
        if (!mechanism.equals(COMPRESSION)) return "NO Unknown compression mechanism.";
        if (connection.compressed()) return ImapErrors.COMPRESSION_ACTIVE;
        send(tag + " OK Begin compression.");
        out.flush();
        connection.compress(in);
        return null;
    }

    /**
     * RFC 8437: the state of a new connection, except that TLS stays: no mailbox, no account, no enabled extensions,
     * the small parser limits and the login timeout again. Failed logins still count toward {@code maxAuthFailures}.
     */
    private String unauthenticate() throws IOException {
        String address = account.address();
        selected = null;
        unsubscribe();
        account = null;
        state = SessionState.NOT_AUTHENTICATED;
        imap4rev2 = false;
        condstore = false;
        qresync = false;
        out.utf8Quoted(false);
        commands.limits(BEFORE_LOGIN);
        timeout(settings.loginTimeout());
        MDC.remove("account");
        log.info("{} unauthenticated", address);
        return "OK UNAUTHENTICATE completed.";
    }

    private String enable(List<String> capabilities) throws IOException {
        boolean rev2 = capabilities.stream().anyMatch(c -> c.equalsIgnoreCase(REV2));
        boolean wantsCondstore = capabilities.stream().anyMatch(c -> c.equalsIgnoreCase(CONDSTORE));
        boolean wantsQresync = capabilities.stream().anyMatch(c -> c.equalsIgnoreCase(QRESYNC));
        StringBuilder enabled = new StringBuilder("* ENABLED");
        if (rev2 && !imap4rev2) {
            imap4rev2 = true;
            out.utf8Quoted(true);
            enabled.append(' ').append(REV2);
        }
        boolean condstoreBefore = condstore;
        if (wantsCondstore && !condstore) enabled.append(' ').append(CONDSTORE);
        if (wantsQresync && !qresync) {
            qresync = true;
            enabled.append(' ').append(QRESYNC);
        }
        send(enabled.toString());
        if (!condstoreBefore && (wantsCondstore || wantsQresync)) enableCondstore();
        return "OK ENABLE completed.";
    }

    /**
     * Turns CONDSTORE on (RFC 7162 §3.1): by ENABLE, or implicitly by the first command that uses it. When a mailbox
     * is selected, the client has not seen its HIGHESTMODSEQ yet, so it gets it now (§3.1.2.1).
     */
    void enableCondstore() throws IOException {
        if (condstore) return;
        condstore = true;
        if (selected != null) send("* OK [HIGHESTMODSEQ " + selected.knownModseq() + "] Highest");
    }

    /**
     * RFC 9051 §6.2.2 AUTHENTICATE with any of {@link SaslMechanisms#NAMES}, with or without an initial response
     * (SASL-IR, RFC 4959). Each challenge goes out as a continuation; "*" cancels; every way of failing gets the one
     * answer of {@link #authFailed}, after the throttle's delay.
     */
    private String authenticate(ImapCommand.Authenticate a) throws IOException {
        Optional<SaslMechanism> started = SaslMechanisms.start(a.mechanism(), store.accounts());
        if (started.isEmpty()) return "NO [CANNOT] Unsupported authentication mechanism.";
        SaslMechanism mechanism = started.get();
        if (mechanism.plaintext() && !plaintextAllowed()) return ImapErrors.PRIVACY_REQUIRED;
        if (throttle.refused(remote, null)) return refusedForNow(null);
        SaslStep step = a.initialResponse().isPresent() ? mechanism.respond(a.initialResponse().get()) : mechanism.start();
        while (step instanceof SaslStep.Challenge challenge) {
            String claimed = mechanism.claimedUser();
            if (claimed != null && throttle.refused(remote, claimed)) return refusedForNow(claimed);
            out.atom("+ ").atom(Base64.getEncoder().encodeToString(challenge.data())).crlf().flush();
            String line = continuationLine();
            if (line == null) return "BAD Authentication response missing or too long.";
            if (line.equals("*")) return "BAD Authentication aborted by client.";
            byte[] response;
            try {
                response = Base64.getDecoder().decode(line);
            } catch (IllegalArgumentException e) {
                return "BAD Invalid base64 in authentication response.";
            }
            step = mechanism.respond(response);
        }
        return switch (step) {
            case SaslStep.Password p -> login(p.address(), p.password(), mechanism.name());
            case SaslStep.Authenticated x -> loggedIn(x.account(), mechanism.name());
            case SaslStep.Failed f -> authFailed(f.claimedAddress(), f.reason());
            case SaslStep.Challenge c -> throw new IllegalStateException("the loop above ends only after the last challenge");
        };
    }

    private String login(String address, char[] password, String method) throws IOException {
        if (throttle.refused(remote, address)) {
            Arrays.fill(password, '\0');
            return refusedForNow(address);
        }
        Optional<Account> found;
        try {
            found = store.accounts().authenticate(address, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        if (found.isEmpty()) return authFailed(address, "wrong password, unknown or disabled account");
        return loggedIn(found.get(), method);
    }

    private String loggedIn(Account a, String method) throws IOException {
        account = a;
        throttle.succeeded(a.address());
        state = SessionState.AUTHENTICATED;
        timeout(settings.autologout());
        commands.limits(ParserLimits.defaults());
        changeSubscription = store.changes().subscribe(account.id(), this::heard);
        MDC.put("account", account.address());
        log.info("{} logged in from {} ({})", account.address(), remote.getHostAddress(), method);
        return "OK [CAPABILITY " + capabilities() + "] Logged in.";
    }

    /** On the change listener's thread: notes what it heard for the selected mailbox and wakes a waiting IDLE. */
    private void heard(MailboxChange change) {
        SelectedMailbox s = selected;
        if (s == null) return;
        if (change == null || (change.mailboxId() == s.id && change.kind() == MailboxChange.Kind.MAILBOX)) s.mustCheck.set(true);
        else if (change.mailboxId() == s.id) {
            if (change.kind() == MailboxChange.Kind.EXPUNGED) s.expungeNotified.set(true);
            s.notified(change.highestModseq());
        }
        else return;
        IdleCommand.wake(this);
    }

    /**
     * Every failed login gets the same answer, whatever the cause, after the throttle's delay, which grows with the
     * failures from this address and for the claimed account (see {@link AuthThrottle}).
     */
    private String authFailed(String claimed, String reason) throws IOException {
        Duration delay = throttle.failed(remote, claimed);
        sleep(delay.toMillis());
        authFailures++;
        ProtocolMetrics.authFailure("imap");
        log.info("authentication failed for {} from {}: {} (attempt {} of {} on this connection, answered after {} ms)",
                claimed == null ? "(no user)" : EchoText.of(claimed, ImapErrors.MAX_ECHOED_CHARS), remote.getHostAddress(), reason,
                authFailures, settings.maxAuthFailures(), delay.toMillis());
        hangUpAfterTooManyFailures();
        return ImapErrors.AUTHENTICATION_FAILED;
    }

    /** Too many recent failures from this address or for this account: a temporary refusal, password unchecked. */
    private String refusedForNow(String claimed) throws IOException {
        sleep(throttle.settings().baseDelay().toMillis());
        authFailures++;
        ProtocolMetrics.authFailure("imap");
        log.warn("authentication refused for now for {} from {}: too many recent failures",
                claimed == null ? "(no user yet)" : EchoText.of(claimed, ImapErrors.MAX_ECHOED_CHARS), remote.getHostAddress());
        hangUpAfterTooManyFailures();
        return ImapErrors.AUTHENTICATION_REFUSED_FOR_NOW;
    }

    private void hangUpAfterTooManyFailures() throws IOException {
        if (authFailures >= settings.maxAuthFailures()) {
            send("* BYE Too many authentication failures.");
            closing = true;
        }
    }

    /** One line after a continuation request (AUTHENTICATE, IDLE); null at end of stream or when too long. */
    String continuationLine() throws IOException {
        deadline.nextCommand(in.hasBuffered());
        LineReader.Line line = commands.readContinuationLine(settings.maxContinuationBytes());
        return line == null || line.tooLong() ? null : new String(line.bytes(), StandardCharsets.UTF_8);
    }

    /** Set by the IDLE command while it waits; the change listener wakes it through {@link IdleCommand#wake}. */
    volatile IdlePusher idlePusher;

    void bad(String tag, String message) throws IOException {
        send((tag == null ? "*" : tag) + " BAD " + message);
        if (++badInARow >= settings.maxBadCommands()) {
            log.info("too many bad commands in a row; disconnecting");
            send("* BYE Too many invalid commands.");
            closing = true;
        }
    }

    /** One response line of ASCII (or, in IMAP4rev2, UTF-8) text; the caller guarantees it holds no CR or LF. */
    void send(String line) throws IOException {
        out.raw(line.getBytes(StandardCharsets.UTF_8)).crlf();
    }

    /** Ends the session after the current command (the mailbox vanished, or the server is going away). */
    void close() {
        closing = true;
    }

    String wireName(String storeName) {
        return MailboxNameCodec.encode(storeName, imap4rev2);
    }

    String storeName(String wireName) {
        return MailboxNameCodec.decode(wireName, imap4rev2);
    }

    private void timeout(java.time.Duration d) {
        deadline.idleTimeout(d);
    }

    private void unsubscribe() {
        if (changeSubscription == null) return;
        try {
            changeSubscription.close();
        } catch (Exception e) {
            log.debug("unsubscribing from changes failed: {}", e.toString());
        }
        changeSubscription = null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

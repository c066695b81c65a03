package org.mailstore.pop3d;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
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
import org.mailstore.pop3d.Pop3CommandParser.AuthCancel;
import org.mailstore.pop3d.Pop3CommandParser.AuthData;
import org.mailstore.pop3d.Pop3CommandParser.AuthMalformed;
import org.mailstore.store.Account;
import org.mailstore.store.MailStore;
import org.mailstore.store.MaildropLock;
import org.mailstore.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One POP3 connection, from greeting to close: the RFC 1939 state machine (AUTHORIZATION →
 * TRANSACTION → UPDATE) over a bounded {@link LineReader}.
 *
 * <p>Each line is parsed by {@link Pop3CommandParser} into a record; the command table
 * ({@link Pop3Verb}) says whether it is allowed in the current state; a handler runs it. Store
 * failures become answers through {@link Pop3Errors} only. Answers are buffered and flushed when
 * the client has sent nothing more (RFC 2449 PIPELINING), so a pipelined batch costs one write.
 *
 * <p>At login the session takes the account's {@link MaildropLock} and a {@link Maildrop}
 * snapshot from PostgreSQL; STAT, LIST and UIDL answer from the snapshot and never touch the blob
 * tree. RETR and TOP open the one blob by hash and stream it through {@link MessageEncoder}.
 * Deletions happen only on QUIT from TRANSACTION, in one store transaction; a connection that
 * drops, times out or is refused for too many commands deletes nothing. The lock is released
 * whenever the session ends.
 */
final class Pop3Session {
    /** Enough of a claimed address to recognise it in the log, not enough to flood it. */
    static final int MAX_LOGGED_ADDRESS = 100;
    private static final Logger log = LoggerFactory.getLogger(Pop3Session.class);
    static final String GREETING = "+OK mailstore ready.";
    static final String IMPLEMENTATION = "mailstore";
    static final int OUTPUT_BUFFER_BYTES = 64 * 1024;
    /** Bytes read from a blob at a time; TOP reads no further than the chunk holding its last line. */
    static final int CHUNK_BYTES = 16 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    /** Longest listing line: a 10-digit number, a space, a 19-digit size or 16-byte UIDL, CRLF. */
    private static final int SCRATCH_BYTES = 64;
    private static final List<String> CAPABILITIES_ALWAYS = List.of("CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE");
    private static final List<String> CAPABILITIES_AFTER_LOGIN = List.of(
            "CAPA", "TOP", "UIDL", "RESP-CODES", "PIPELINING", "AUTH-RESP-CODE", "IMPLEMENTATION " + IMPLEMENTATION);

    private final Pop3Settings settings;
    private final MailStore store;
    private final Connection connection;
    private final AuthThrottle throttle;
    private final InetAddress remote;
    private final LineReader in;
    /** The idle timeout and the deadline of the command line being read; see {@link CommandDeadline}. */
    private final CommandDeadline deadline;
    private final OutputStream out;
    private final byte[] scratch = new byte[SCRATCH_BYTES];

    private Pop3State state = Pop3State.AUTHORIZATION;
    private String pendingUser;
    private Account account;
    private MaildropLock lock;
    private Maildrop maildrop;
    private int commands;
    private int badInARow;
    private int authFailures;
    private boolean closing;

    Pop3Session(Pop3Settings settings, MailStore store, AuthThrottle throttle, Connection connection) {
        this.settings = settings;
        this.store = store;
        this.throttle = throttle;
        this.connection = connection;
        this.remote = connection.peer();
        this.deadline = new CommandDeadline(connection, settings.commandTimeouts(), settings.idleTimeout());
        this.in = new LineReader(deadline);
        this.out = new BufferedOutputStream(connection.output(), OUTPUT_BUFFER_BYTES);
    }

    void serve() throws IOException {
        try {
            send(GREETING);
            out.flush();
            while (!closing) {
                LineReader.Line line = nextLine();
                if (line == null) {
                    log.info("client closed the connection{}", state == Pop3State.TRANSACTION ? " without QUIT; nothing deleted" : "");
                    return;
                }
                handle(line);
                if (closing || !in.hasBuffered()) out.flush();
            }
        } catch (CommandTimeoutException e) {
            log.info("closing: {}{}", e.getMessage(), state == Pop3State.TRANSACTION ? "; nothing deleted" : "");
            send("-ERR Command timed out; sent too slowly.");
            out.flush();
        } catch (SocketTimeoutException e) {
            log.info("disconnected for inactivity{}", state == Pop3State.TRANSACTION ? "; nothing deleted" : "");
            send("-ERR Disconnected for inactivity.");
            out.flush();
        } finally {
            releaseLock();
        }
    }

    /** A command or SASL response line: each gets its own deadline, from its first byte. */
    private LineReader.Line nextLine() throws IOException {
        deadline.nextCommand(in.hasBuffered());
        return in.readLine(settings.maxLineBytes());
    }

    private void handle(LineReader.Line line) throws IOException {
        if (++commands > settings.maxCommands()) {
            log.info("too many commands ({}); disconnecting", settings.maxCommands());
            send("-ERR Too many commands.");
            closing = true;
            return;
        }
        boolean ok;
        if (line.tooLong()) {
            send("-ERR Input line too long.");
            ok = false;
        } else {
            ok = switch (Pop3CommandParser.parse(line.bytes())) {
                case Pop3CommandParser.Malformed m -> {
                    send("-ERR " + m.text());
                    yield false;
                }
                case Pop3CommandParser.Parsed p -> {
                    boolean done = execute(p.command());
                    ProtocolMetrics.command("pop3", p.command().verb().name(), done ? "ok" : "err");
                    yield done;
                }
            };
        }
        if (ok) {
            badInARow = 0;
        } else if (++badInARow > settings.maxBadCommands()) {
            log.info("too many bad commands; disconnecting");
            send("-ERR Too many bad commands.");
            closing = true;
        }
    }

    /** Runs one command; false when it failed in a way that counts towards the bad-command limit. */
    private boolean execute(Pop3Command command) throws IOException {
        if (!command.verb().allowedIn(state)) {
            send("-ERR Unknown command: " + command.verb());
            return false;
        }
        try {
            return switch (command) {
                case Pop3Command.Capa c -> capa();
                case Pop3Command.User u -> user(u.name());
                case Pop3Command.Pass p -> pass(p.password());
                case Pop3Command.Auth a -> auth(a);
                case Pop3Command.Quit q -> quit();
                case Pop3Command.Stat s -> stat();
                case Pop3Command.List l -> list(l.message());
                case Pop3Command.Uidl u -> uidl(u.message());
                case Pop3Command.Retr r -> retrieve(r.message(), MessageEncoder.WHOLE_MESSAGE);
                case Pop3Command.Top t -> retrieve(t.message(), t.lines());
                case Pop3Command.Dele d -> dele(d.message());
                case Pop3Command.Stls s -> stls();
                case Pop3Command.Noop n -> ok("+OK");
                case Pop3Command.Rset r -> rset();
            };
        } catch (StoreException e) {
            log.warn("{} failed: {} ({})", command.verb(), e.getMessage(), e.reason(), e);
            send(Pop3Errors.of(e));
            return false;
        }
    }

    private boolean capa() throws IOException {
        send("+OK");
        for (String c : state == Pop3State.AUTHORIZATION ? capabilitiesBeforeLogin() : CAPABILITIES_AFTER_LOGIN) send(c);
        send(".");
        return true;
    }

    /**
     * What this connection may use now (RFC 2595 §4-§6): STLS while TLS is available and off; USER and the
     * cleartext SASL mechanisms only where the plaintext policy allows them, so a client never tries them in vain.
     */
    private List<String> capabilitiesBeforeLogin() {
        List<String> c = new ArrayList<>(CAPABILITIES_ALWAYS);
        if (connection.startTlsAvailable()) c.add("STLS");
        if (connection.plaintextAllowed()) c.add("USER");
        List<String> mechanisms = saslMechanisms();
        if (!mechanisms.isEmpty()) c.add("SASL " + String.join(" ", mechanisms));
        c.add("IMPLEMENTATION " + IMPLEMENTATION);
        return c;
    }

    private List<String> saslMechanisms() {
        return SaslMechanisms.offered(connection.plaintextAllowed());
    }

    /**
     * RFC 2595 §4: the go-ahead goes out in the clear, then the handshake. Whatever the client sent after STLS is
     * dropped unread (see {@link Connection#startTls}), and a USER given before is forgotten: nothing from the
     * cleartext part of the session carries over.
     */
    private boolean stls() throws IOException {
        if (connection.secure()) {
            send("-ERR TLS is already active.");
            return false;
        }
        if (!connection.startTlsAvailable()) {
            send("-ERR TLS support isn't enabled.");
            return false;
        }
        send("+OK Begin TLS negotiation now.");
        out.flush();
        connection.startTls(in);
        pendingUser = null;
        return true;
    }

    /** USER, PASS and cleartext SASL: refused where the plaintext policy says so, before any password is looked at. */
    private boolean plaintextRefused() throws IOException {
        if (connection.plaintextAllowed()) return false;
        log.info("refused a cleartext login on a connection without TLS from {}", connection.peer().getHostAddress());
        send(Pop3Errors.PRIVACY_REQUIRED);
        return true;
    }

    private boolean user(String name) throws IOException {
        if (plaintextRefused()) return false;
        pendingUser = name;
        return ok("+OK");
    }

    private boolean pass(String password) throws IOException {
        if (plaintextRefused()) return false;
        if (pendingUser == null) {
            send("-ERR No username given.");
            return false;
        }
        String address = pendingUser;
        pendingUser = null;
        return login(address, password.toCharArray(), "USER/PASS");
    }

    /**
     * RFC 5034 AUTH with any of {@link SaslMechanisms#NAMES}, with or without an initial response. Each challenge
     * goes out as "+ base64"; "*" cancels; every way of failing gets the one answer of {@link #authFailed}.
     */
    private boolean auth(Pop3Command.Auth a) throws IOException {
        if (a.mechanism() == null) {
            send("+OK");
            for (String m : saslMechanisms()) send(m);
            send(".");
            return true;
        }
        Optional<SaslMechanism> started = SaslMechanisms.start(a.mechanism(), store.accounts());
        if (started.isEmpty()) {
            send("-ERR Unsupported authentication mechanism.");
            return false;
        }
        SaslMechanism mechanism = started.get();
        if (mechanism.plaintext() && !plaintextAllowed()) {
            send(Pop3Errors.PRIVACY_REQUIRED);
            return false;
        }
        if (throttle.refused(remote, null)) return refusedForNow(null);
        SaslStep step = a.initialResponse() != null ? mechanism.respond(a.initialResponse()) : mechanism.start();
        while (step instanceof SaslStep.Challenge challenge) {
            String claimed = mechanism.claimedUser();
            if (claimed != null && throttle.refused(remote, claimed)) return refusedForNow(claimed);
            send("+ " + Base64.getEncoder().encodeToString(challenge.data()));
            out.flush();
            LineReader.Line line = nextLine();
            if (line == null) {
                closing = true;
                return true;
            }
            if (line.tooLong()) {
                send("-ERR Input line too long.");
                return false;
            }
            switch (Pop3CommandParser.parseAuthResponse(line.bytes())) {
                case AuthCancel c -> {
                    send("-ERR Authentication aborted by client.");
                    return false;
                }
                case AuthMalformed m -> {
                    send("-ERR " + m.text());
                    return false;
                }
                case AuthData d -> step = mechanism.respond(d.data());
            }
        }
        return switch (step) {
            case SaslStep.Password p -> login(p.address(), p.password(), mechanism.name());
            case SaslStep.Authenticated x -> enter(x.account(), mechanism.name(), System.nanoTime());
            case SaslStep.Failed f -> authFailed(f.claimedAddress(), f.reason());
            case SaslStep.Challenge c -> throw new IllegalStateException("the loop above ends only after the last challenge");
        };
    }

    private boolean plaintextAllowed() {
        return connection.plaintextAllowed();
    }

    private boolean login(String address, char[] password, String method) throws IOException {
        if (throttle.refused(remote, address)) {
            Arrays.fill(password, '\0');
            return refusedForNow(address);
        }
        Optional<Account> found;
        long start = System.nanoTime();
        try {
            found = store.accounts().authenticate(address, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        if (found.isEmpty()) return authFailed(address, "wrong password, unknown or disabled account");
        return enter(found.get(), method, start);
    }

    /** Takes the maildrop lock and snapshot of an authenticated account and enters TRANSACTION. */
    private boolean enter(Account a, String method, long start) throws IOException {
        throttle.succeeded(a.address());
        long checked = System.nanoTime();
        Optional<MaildropLock> l = store.maildropLocks().tryAcquire(a);
        if (l.isEmpty()) {
            log.info("{} logged in but the maildrop is locked by another session", a.address());
            send(Pop3Errors.IN_USE);
            closing = true;
            return true;
        }
        lock = l.get();
        long locked = System.nanoTime();
        try {
            maildrop = Maildrop.load(store, a);
        } catch (StoreException e) {
            releaseLock();
            closing = true;
            throw e;
        }
        account = a;
        state = Pop3State.TRANSACTION;
        MDC.put("account", a.address());
        log.info("{} logged in from {} ({}); maildrop has {} messages (password {} ms, lock {} ms, snapshot {} ms)", a.address(),
                remote.getHostAddress(), method, maildrop.count(), millis(checked - start), millis(locked - checked),
                millis(System.nanoTime() - locked));
        return ok("+OK Logged in.");
    }

    /**
     * Every failed login gets the same answer, whatever the cause, after the throttle's delay, which
     * grows with the failures from this address and for the claimed account (see {@link AuthThrottle}).
     */
    private boolean authFailed(String claimed, String reason) throws IOException {
        Duration delay = throttle.failed(remote, claimed);
        sleep(delay.toMillis());
        authFailures++;
        ProtocolMetrics.authFailure("pop3");
        log.info("authentication failed for {} from {}: {} (attempt {} of {} on this connection, answered after {} ms)",
                claimed == null ? "(no user)" : EchoText.of(claimed, MAX_LOGGED_ADDRESS), remote.getHostAddress(), reason,
                authFailures, settings.maxAuthFailures(), delay.toMillis());
        send(Pop3Errors.AUTH_FAILED);
        if (authFailures >= settings.maxAuthFailures()) closing = true;
        return true;
    }

    /** Too many recent failures from this address or for this account: a temporary refusal, password unchecked. */
    private boolean refusedForNow(String claimed) throws IOException {
        sleep(throttle.settings().baseDelay().toMillis());
        authFailures++;
        ProtocolMetrics.authFailure("pop3");
        log.warn("authentication refused for now for {} from {}: too many recent failures",
                claimed == null ? "(no user yet)" : EchoText.of(claimed, MAX_LOGGED_ADDRESS), remote.getHostAddress());
        send(Pop3Errors.AUTH_REFUSED_FOR_NOW);
        if (authFailures >= settings.maxAuthFailures()) closing = true;
        return true;
    }

    private boolean quit() throws IOException {
        closing = true;
        if (state == Pop3State.AUTHORIZATION) return ok("+OK Logging out");
        state = Pop3State.UPDATE;
        List<Long> uids = maildrop.deletedUids();
        if (uids.isEmpty()) return ok("+OK Logging out.");
        if (!lock.held()) {
            log.warn("{}: the maildrop lock was lost; {} messages marked deleted are kept", account.address(), uids.size());
            send(Pop3Errors.LOCK_LOST);
            return false;
        }
        store.messages().remove(account, maildrop.mailboxId(), uids);
        log.info("{} logged out; {} messages deleted", account.address(), uids.size());
        return ok("+OK Logging out, messages deleted.");
    }

    private boolean stat() throws IOException {
        return ok("+OK " + maildrop.liveCount() + " " + maildrop.liveSize());
    }

    private boolean list(OptionalInt message) throws IOException {
        if (message.isPresent()) {
            int n = message.getAsInt();
            return usable(n) && ok("+OK " + n + " " + maildrop.size(n));
        }
        send("+OK " + maildrop.liveCount() + " messages:");
        for (int n = 1; n <= maildrop.count(); n++) {
            if (maildrop.isDeleted(n)) continue;
            int p = decimal(n, 0);
            scratch[p++] = ' ';
            endLine(decimal(maildrop.size(n), p));
        }
        return ok(".");
    }

    private boolean uidl(OptionalInt message) throws IOException {
        if (message.isPresent()) {
            int n = message.getAsInt();
            return usable(n) && ok("+OK " + n + " " + maildrop.uidl(n));
        }
        send("+OK");
        for (int n = 1; n <= maildrop.count(); n++) {
            if (maildrop.isDeleted(n)) continue;
            int p = decimal(n, 0);
            scratch[p++] = ' ';
            maildrop.writeUidl(n, scratch, p);
            endLine(p + Maildrop.UIDL_LENGTH);
        }
        return ok(".");
    }

    private boolean dele(int n) throws IOException {
        if (!usable(n)) return false;
        maildrop.delete(n);
        return ok("+OK Marked to be deleted.");
    }

    private boolean rset() throws IOException {
        maildrop.reset();
        return ok("+OK");
    }

    /**
     * RETR ({@code bodyLines} = whole message) or TOP. The blob is opened before the +OK, so a
     * missing blob gets a clean -ERR; a read failure after the +OK cannot be reported in-band and
     * ends the connection (as Dovecot does).
     */
    private boolean retrieve(int n, long bodyLines) throws IOException {
        if (!usable(n)) return false;
        try (SeekableByteChannel blob = store.messages().open(maildrop.blobHash(n))) {
            send(bodyLines == MessageEncoder.WHOLE_MESSAGE ? "+OK " + maildrop.size(n) + " octets" : "+OK");
            MessageEncoder encoder = new MessageEncoder(out, bodyLines);
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
            while (blob.read(chunk) >= 0) {
                if (!encoder.write(chunk.array(), 0, chunk.position())) break;
                chunk.clear();
            }
            encoder.finish();
        }
        return true;
    }

    /** Dovecot's checks and wording: the number must be in the maildrop and not marked deleted. */
    private boolean usable(int n) throws IOException {
        if (!maildrop.exists(n)) {
            send("-ERR There's no message " + n + ".");
            return false;
        }
        if (maildrop.isDeleted(n)) {
            send("-ERR Message is deleted.");
            return false;
        }
        return true;
    }

    private boolean ok(String line) throws IOException {
        send(line);
        return true;
    }

    /** Writes {@code v} in decimal into {@link #scratch} at {@code off}; returns the end. */
    private int decimal(long v, int off) {
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) digits++;
        for (int i = off + digits - 1; i >= off; i--) {
            scratch[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return off + digits;
    }

    /** Sends {@code scratch[0, end)} and CRLF: the many-line listings build their lines there, without Strings. */
    private void endLine(int end) throws IOException {
        scratch[end] = '\r';
        scratch[end + 1] = '\n';
        out.write(scratch, 0, end + 2);
    }

    private void send(String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
    }

    private void releaseLock() {
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.mailstore.lmtpd;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.List;
import org.mailstore.lmtpd.LmtpCommand.Bdat;
import org.mailstore.lmtpd.LmtpCommand.Data;
import org.mailstore.lmtpd.LmtpCommand.Lhlo;
import org.mailstore.lmtpd.LmtpCommand.MailFrom;
import org.mailstore.lmtpd.LmtpCommand.Noop;
import org.mailstore.lmtpd.LmtpCommand.Quit;
import org.mailstore.lmtpd.LmtpCommand.RcptTo;
import org.mailstore.lmtpd.LmtpCommand.Rset;
import org.mailstore.lmtpd.LmtpCommand.Vrfy;
import org.mailstore.lmtpd.LmtpCommand.StartTls;
import org.mailstore.net.CommandDeadline;
import org.mailstore.net.CommandTimeoutException;
import org.mailstore.net.Connection;
import org.mailstore.net.LineReader;
import org.mailstore.net.ProtocolMetrics;
import org.mailstore.store.DeliveryOutcome;
import org.mailstore.store.MailStore;
import org.mailstore.store.Recipient;
import org.mailstore.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LMTP connection, on its own virtual thread: read a line, parse it, check it against the
 * {@link CommandTable}, run it, reply. Replies are buffered and flushed only when the session is
 * about to wait for the client (see {@link TimedInputStream}), so a pipelining client (RFC 2920)
 * gets its replies in one write.
 *
 * <p>The message is never held in memory: DATA and BDAT bytes stream from the connection through a
 * {@link MessageStream} into {@code Delivery.deliver}, which writes the blob once for all recipients
 * and answers only after blob, rows and journal are durable (invariant 5). Whatever the store did,
 * the rest of the message is then read to its end, so the session always knows where the next
 * command starts, and each recipient gets its own reply (RFC 2033 §4.2).
 */
final class LmtpSession {
    private static final Logger log = LoggerFactory.getLogger(LmtpSession.class);
    static final int OUTPUT_BUFFER_BYTES = 16 * 1024;
    /** How long after the session deadline a session still blocked (writing to a client that does not read) is cut off. */
    static final long FORCE_CLOSE_GRACE_MILLIS = 5_000;

    private final LmtpSettings settings;
    private final MailStore store;
    private final Socket socket;
    private final String sessionId;
    private final Connection connection;
    private LineReader in;
    private OutputStream out;
    private TimedInputStream timed;
    /** Bounds each command from its first byte; see {@link CommandDeadline}. */
    private CommandDeadline deadline;
    private LmtpState state = LmtpState.CONNECTED;
    private String lhloDomain;
    private Transaction tx;
    private int transactions;
    private boolean quit;
    /** The code of the last reply sent: the result a command is counted under (for DATA, the last recipient's). */
    private int lastReplyCode;

    LmtpSession(LmtpSettings settings, MailStore store, Connection connection, String sessionId) {
        this.settings = settings;
        this.store = store;
        this.connection = connection;
        this.socket = connection.socket();
        this.sessionId = sessionId;
    }

    void run() throws IOException {
        long timeoutNanos = settings.sessionTimeout().toNanos();
        out = new BufferedOutputStream(connection.output(), OUTPUT_BUFFER_BYTES);
        deadline = new CommandDeadline(connection, settings.commandTimeouts(), settings.idleTimeout());
        timed = new TimedInputStream(deadline, out, settings.idleTimeout().toMillis(), System.nanoTime() + timeoutNanos);
        in = new LineReader(timed);
        Thread watchdog = Thread.ofVirtual().name("lmtp-watchdog").start(() -> closeAfter(timeoutNanos / 1_000_000 + FORCE_CLOSE_GRACE_MILLIS));
        try {
            reply(LmtpReplies.greeting(settings.hostname()));
            serve();
        } catch (EOFException e) {
            log.info("client went away: {}", e.getMessage());
        } catch (CommandTimeoutException e) {
            log.info("closing LMTP session: {}", e.getMessage());
            reply(LmtpReplies.commandTimeout(settings.hostname()));
            out.flush();
        } catch (SocketTimeoutException e) {
            boolean expired = timed.sessionExpired();
            log.info("closing LMTP session: {}", expired ? "session time limit reached" : "idle timeout");
            reply(expired ? LmtpReplies.sessionTimeout(settings.hostname()) : LmtpReplies.idleTimeout(settings.hostname()));
            out.flush();
        } finally {
            watchdog.interrupt();
        }
    }

    private void serve() throws IOException {
        while (!quit) {
            LineReader.Line line = nextLine();
            if (line == null) {
                log.debug("client closed the connection");
                return;
            }
            if (line.tooLong()) {
                reply(LmtpReplies.LINE_TOO_LONG);
            } else {
                handle(LmtpCommandParser.parse(line.bytes()));
            }
        }
        out.flush();
    }

    private void handle(ParseResult parsed) throws IOException {
        switch (parsed) {
            case Malformed m -> reply(m.reply());
            case LmtpCommand c when !CommandTable.allowedIn(c).contains(state) -> {
                if (c instanceof Bdat b) skip(b.size()); // its octets follow at once and are not commands
                reply(CommandTable.refusal(c, state));
                ProtocolMetrics.command("lmtp", CommandTable.name(c), lastReplyCode / 100 + "xx");
            }
            case LmtpCommand c -> {
                run(c);
                ProtocolMetrics.command("lmtp", CommandTable.name(c), lastReplyCode / 100 + "xx");
            }
        }
    }

    private void run(LmtpCommand c) throws IOException {
        switch (c) {
            case Lhlo l -> {
                lhloDomain = l.domain();
                endTransaction();
                state = LmtpState.READY;
                reply(LmtpReplies.capabilities(settings.hostname(), settings.maxMessageBytes(), connection.startTlsAvailable()));
            }
            case MailFrom m -> mail(m);
            case RcptTo r -> rcpt(r);
            case Data d -> {
                reply(LmtpReplies.START_DATA);
                deliver(new DotUnstuffingInputStream(in, settings.maxMessageBytes()));
            }
            case Bdat b -> deliver(new ChunkedInputStream(in, b, this::nextChunk, settings.maxMessageBytes()));
            case Rset r -> {
                endTransaction();
                reply(LmtpReplies.OK);
            }
            case StartTls s -> startTls();
            case Noop n -> reply(LmtpReplies.OK);
            case Vrfy v -> reply(LmtpReplies.VRFY);
            case Quit q -> {
                reply(LmtpReplies.bye(settings.hostname()));
                quit = true;
            }
        }
    }

    /**
     * RFC 3207 §4.2: after the handshake the session starts over (LHLO again); whatever the client sent after
     * STARTTLS in the clear is dropped unread (see {@link Connection#startTls}).
     */
    private void startTls() throws IOException {
        if (connection.secure()) {
            reply(LmtpReplies.TLS_ACTIVE);
            return;
        }
        if (!connection.startTlsAvailable()) {
            reply(LmtpReplies.TLS_UNAVAILABLE);
            return;
        }
        reply(LmtpReplies.READY_FOR_TLS);
        out.flush();
        connection.startTls(in);
        lhloDomain = null;
        endTransaction();
        state = LmtpState.CONNECTED;
    }

    private void mail(MailFrom m) throws IOException {
        // RFC 1870 §6.1: a declared size over our limit is refused at once, before any data flows.
        if (m.size().isPresent() && m.size().getAsLong() > settings.maxMessageBytes()) {
            reply(LmtpReplies.MESSAGE_TOO_BIG);
            return;
        }
        tx = new Transaction(m.reversePath(), m.size().orElse(0));
        state = LmtpState.MAIL_GIVEN;
        reply(LmtpReplies.SENDER_OK);
    }

    private void rcpt(RcptTo r) throws IOException {
        String who = "<" + r.forwardPath() + ">";
        if (tx.recipientCount() >= settings.maxRecipients()) {
            reply(LmtpReplies.TOO_MANY_RECIPIENTS.about(who));
            return;
        }
        Recipient recipient = new Recipient(r.forwardPath());
        try {
            store.delivery().check(recipient, tx.sizeHint());
        } catch (StoreException e) {
            log.info("RCPT {} refused: {} ({})", who, e.reason(), e.getMessage());
            reply(LmtpReplies.forFailure(e.reason()).about(who));
            return;
        } catch (RuntimeException e) {
            log.error("RCPT {} failed unexpectedly", who, e);
            reply(LmtpReplies.LOCAL_ERROR.about(who));
            return;
        }
        tx.accept(recipient);
        state = LmtpState.RCPT_GIVEN;
        reply(LmtpReplies.RECIPIENT_OK.about(who));
    }

    private void deliver(MessageStream message) throws IOException {
        Instant now = Instant.now();
        String id = sessionId + "." + ++transactions;
        byte[] trace = TraceHeaders.of(tx.reversePath(), lhloDomain, socket.getInetAddress(), settings.hostname(), id, now,
                connection.secure());
        List<Recipient> recipients = tx.recipients();
        List<DeliveryOutcome> outcomes = null;
        StoreException failure = null;
        LmtpReply forAll = null;
        try {
            outcomes = store.delivery().deliver(new SequenceInputStream(new ByteArrayInputStream(trace), message), recipients, now);
        } catch (StoreException e) {
            failure = e;
        } catch (RuntimeException e) {
            log.error("delivery {} failed unexpectedly", id, e);
            forAll = LmtpReplies.LOCAL_ERROR;
        }
        ParseResult interruption = finishMessage(message);
        if (interruption != null) {
            log.info("transaction {} abandoned between BDAT chunks", id);
            endTransaction();
            handle(interruption);
            return;
        }
        if (message.tooLarge()) {
            log.info("transaction {} refused: message over {} bytes", id, settings.maxMessageBytes());
            forAll = LmtpReplies.MESSAGE_TOO_BIG;
        } else if (failure != null) {
            log.warn("delivery {} failed for all {} recipients: {} ({})", id, recipients.size(), failure.reason(), failure.getMessage());
            forAll = LmtpReplies.forFailure(failure.reason());
        }
        for (int i = 0; i < recipients.size(); i++) {
            String who = "<" + recipients.get(i).address() + ">";
            reply((forAll != null ? forAll : replyFor(outcomes.get(i))).about(who));
        }
        endTransaction();
    }

    /** Reads whatever of the message the store left unread; the command that interrupted a BDAT transaction, or null. */
    private ParseResult finishMessage(MessageStream message) throws IOException {
        if (message.connectionFailure() != null) throw message.connectionFailure();
        if (message instanceof ChunkedInputStream c && c.interruptedBy() != null) return c.interruptedBy();
        try {
            message.drain();
            return null;
        } catch (ChunkedInputStream.Interrupted e) {
            return e.command();
        }
    }

    private static LmtpReply replyFor(DeliveryOutcome o) {
        return o.delivered() ? LmtpReplies.DELIVERED : LmtpReplies.forFailure(o.failure().reason());
    }

    /** Between BDAT chunks: answer the one just read, then wait for the next BDAT (NOOP is fine meanwhile). */
    private Bdat nextChunk(long finishedOctets) throws IOException {
        reply(LmtpReplies.chunkReceived(finishedOctets));
        while (true) {
            LineReader.Line line = nextLine();
            if (line == null) throw new EOFException("connection closed between BDAT chunks");
            if (line.tooLong()) {
                reply(LmtpReplies.LINE_TOO_LONG);
                continue;
            }
            ParseResult p = LmtpCommandParser.parse(line.bytes());
            if (p instanceof Bdat b) return b;
            if (!(p instanceof Noop)) throw new ChunkedInputStream.Interrupted(p);
            reply(LmtpReplies.OK);
        }
    }

    /** A command line: each starts its own deadline at its first byte (DATA's and BDAT's cover their message). */
    private LineReader.Line nextLine() throws IOException {
        deadline.nextCommand(in.hasBuffered());
        return in.readLine(settings.maxLineBytes());
    }

    private void skip(long octets) throws IOException {
        if (!in.readExactly(octets, (b, off, len) -> { })) throw new EOFException("connection closed inside a refused BDAT chunk");
    }

    private void endTransaction() {
        tx = null;
        if (state != LmtpState.CONNECTED) state = LmtpState.READY;
    }

    private void reply(LmtpReply r) throws IOException {
        lastReplyCode = r.code();
        out.write(r.encode());
    }

    private void closeAfter(long millis) {
        try {
            Thread.sleep(millis);
            log.warn("LMTP session still running {} ms past its time limit; closing the connection", FORCE_CLOSE_GRACE_MILLIS);
            socket.close();
        } catch (InterruptedException e) {
            // the session ended in time
        } catch (IOException e) {
            log.debug("closing an overdue session failed: {}", e.getMessage());
        }
    }
}

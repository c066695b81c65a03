package org.mailstore.server.torture;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One LMTP connection of the torture, as an MTA: pipelined MAIL, RCPTs and DATA, then the message; every
 * per-recipient {@code 250} goes into the ledger as acknowledged, a reply never read leaves the recipient's copy
 * uncertain. Reconnects after a crash and goes on until the trial's deliveries are used up.
 */
final class LmtpDriver implements Runnable {
    static final int MAX_RECIPIENTS = 3;
    static final int RECONNECT_PAUSE_MILLIS = 100;
    static final int TEMPORARY_FAILURE_PAUSE_MILLIS = 50;
    private static final int READ_TIMEOUT_MILLIS = 120_000;

    private final InetSocketAddress server;
    private final List<String> accounts;
    private final Ledger ledger;
    private final AtomicInteger next;
    private final int deliveries;
    private final int trial;
    private final long seed;
    private final int index;
    private final Random random;
    private final BooleanSupplier aborted;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    LmtpDriver(InetSocketAddress server, List<String> accounts, Ledger ledger, AtomicInteger next, int deliveries,
               long seed, int trial, int index, BooleanSupplier aborted) {
        this.server = server;
        this.accounts = accounts;
        this.ledger = ledger;
        this.next = next;
        this.deliveries = deliveries;
        this.trial = trial;
        this.seed = seed;
        this.index = index;
        this.random = new Random(CrashTorture.mix(seed, trial, 1 + index));
        this.aborted = aborted;
    }

    @Override
    public void run() {
        try {
            for (int n; !aborted.getAsBoolean() && (n = next.getAndIncrement()) < deliveries; ) {
                deliver(n);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            disconnect();
        }
    }

    private void deliver(int n) throws InterruptedException {
        List<String> recipients = recipients();
        String messageId = "<s" + seed + ".t" + trial + ".c" + index + ".n" + n + "@torture.test>";
        TortureMessage message = TortureMessage.generate(random, messageId, String.join(", ", recipients));
        while (socket == null && !aborted.getAsBoolean()) {
            try {
                connect();
            } catch (IOException e) {
                disconnect();
                Thread.sleep(RECONNECT_PAUSE_MILLIS);
            }
        }
        if (socket == null) return;
        try {
            if (!transaction(recipients, message)) Thread.sleep(TEMPORARY_FAILURE_PAUSE_MILLIS);
        } catch (IOException e) {
            disconnect(); // the crash: whatever was not answered stays uncertain in the ledger
        }
    }

    private List<String> recipients() {
        List<String> pool = new ArrayList<>(accounts);
        int count = 1 + random.nextInt(Math.min(MAX_RECIPIENTS, pool.size()));
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) chosen.add(pool.remove(random.nextInt(pool.size())));
        return chosen;
    }

    /** One transaction; false when the server refused it (a temporary failure while the database is away). */
    private boolean transaction(List<String> recipients, TortureMessage message) throws IOException {
        StringBuilder envelope = new StringBuilder("MAIL FROM:<torture@example.org>\r\n");
        for (String r : recipients) envelope.append("RCPT TO:<").append(r).append(">\r\n");
        envelope.append("DATA\r\n");
        out.write(envelope.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        reply(); // MAIL
        // Every RCPT the server accepted gets a reply after the data, whatever MAIL got: counting them any other way
        // leaves replies unread and every later transaction on this connection out of step.
        List<Ledger.Entry> accepted = new ArrayList<>();
        for (String r : recipients) {
            if (reply().startsWith("250")) accepted.add(ledger.sending(r, "INBOX", message, trial, true));
        }
        if (!reply().startsWith("354")) {
            if (!accepted.isEmpty()) throw new IOException("DATA refused after accepted recipients");
            return false;
        }
        out.write(message.bytes());
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        boolean all = true;
        for (Ledger.Entry e : accepted) {
            String reply = reply();
            if (reply.startsWith("250")) ledger.acknowledged(e, 0);
            else all = false; // refused: the client knows it was not delivered; the verifier accepts either
        }
        return all && !accepted.isEmpty();
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.connect(server, READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        if (!reply().startsWith("220")) throw new IOException("LMTP greeting refused");
        out.write("LHLO torture.test\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (!reply().startsWith("250")) throw new IOException("LHLO refused");
    }

    private void disconnect() {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException e) {
            // already dead
        }
        socket = null;
    }

    /** One reply, continuation lines ({@code 250-}) skipped; the last line. */
    private String reply() throws IOException {
        while (true) {
            String line = line();
            if (line.length() < 4 || line.charAt(3) != '-') return line;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) throw new EOFException("LMTP connection closed");
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}

package org.mailstore.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An LMTP load generator, the engine of {@code mailstore bench lmtp}: {@code connections} sessions
 * in parallel, each sending its share of the messages one transaction after another, pipelined as
 * an MTA does (MAIL, every RCPT and DATA in one write, then the message), and timing each
 * transaction from MAIL to its last per-recipient reply. Every message is different (its
 * Message-ID), so a store that shares identical bytes gains nothing from that here.
 *
 * <p>Connection {@code c} sends to users {@code c*R .. c*R+R-1} (modulo {@code users}), like many
 * MTA deliveries to different mailboxes at once.
 */
final class LmtpLoad {
    /** The load, as given on the command line. */
    record Plan(InetSocketAddress server, int connections, int messages, int size, int recipients, int users,
                String addressFormat, String sender, int warmup) {
        Plan {
            if (connections < 1 || messages < 1 || recipients < 1 || users < 1 || warmup < 0) {
                throw new IllegalArgumentException("connections, messages, recipients and users must be >= 1, warmup >= 0");
            }
            if (size < MIN_SIZE) throw new IllegalArgumentException("size must be >= " + MIN_SIZE + " bytes");
        }
    }

    /** What one measured phase gave. */
    record Result(int messages, int failed, double seconds, double messagesPerSecond, double p50Millis, double p99Millis,
                  String firstFailure) {}

    static final int MIN_SIZE = 256;
    static final int LINE_LENGTH = 76;
    static final int READ_TIMEOUT_MILLIS = 120_000;

    private final Plan plan;
    private final byte[] body;

    LmtpLoad(Plan plan) {
        this.plan = plan;
        this.body = randomBody(plan.size());
    }

    /** Opens the sessions, runs the warm-up, then the measured phase. */
    Result run() throws IOException, InterruptedException {
        List<Session> sessions = new ArrayList<>();
        try {
            for (int c = 0; c < plan.connections(); c++) sessions.add(new Session(c));
            if (plan.warmup() > 0) phase(sessions, plan.warmup(), "warmup");
            return phase(sessions, plan.messages(), "run");
        } finally {
            for (Session s : sessions) s.close();
        }
    }

    private Result phase(List<Session> sessions, int messages, String tag) throws IOException, InterruptedException {
        long[] latencies = new long[messages];
        AtomicLong next = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AtomicReference<IOException> broken = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (Session s : sessions) {
            threads.add(Thread.ofPlatform().name("bench-" + s.index).start(() -> {
                try {
                    for (long i; broken.get() == null && (i = next.getAndIncrement()) < messages; ) {
                        long t0 = System.nanoTime();
                        String failure = s.transaction(tag + "." + i);
                        latencies[(int) i] = System.nanoTime() - t0;
                        if (failure != null) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, failure);
                        }
                    }
                } catch (IOException e) {
                    broken.compareAndSet(null, new IOException("connection " + s.index + " failed in the " + tag + ": " + e.getMessage(), e));
                }
            }));
        }
        for (Thread t : threads) t.join();
        if (broken.get() != null) throw broken.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return new Result(messages, (int) failed.get(), seconds, messages / seconds,
                latencies[(int) ((messages - 1) * 0.50)] / 1e6, latencies[(int) ((messages - 1) * 0.99)] / 1e6, firstFailure.get());
    }

    /** The body: random base64-like lines, the same for every message (the header makes each unique). */
    private static byte[] randomBody(int size) {
        Random random = new Random(size);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        while (out.size() < size) {
            for (int i = 0; i < LINE_LENGTH; i++) out.write(alphabet.charAt(random.nextInt(alphabet.length())));
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** One LMTP connection; used by one thread at a time. */
    private final class Session implements AutoCloseable {
        final int index;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        /** Whether the server takes RFC 1870 SIZE= (Dovecot's LMTP does not). */
        private final boolean size;

        Session(int index) throws IOException {
            this.index = index;
            socket = new Socket();
            socket.connect(plan.server());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            in = new BufferedInputStream(socket.getInputStream());
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            expect("greeting", 220);
            out.write(ascii("LHLO bench.client\r\n"));
            out.flush();
            List<String> capabilities = new ArrayList<>();
            String refused = expect("LHLO", 250, capabilities);
            if (refused != null) throw new IOException(refused);
            size = capabilities.stream().anyMatch(c -> c.regionMatches(true, 4, "SIZE", 0, 4));
        }

        /** One transaction; null on success, else what went wrong. */
        String transaction(String id) throws IOException {
            List<String> rcpts = new ArrayList<>();
            for (int r = 0; r < plan.recipients(); r++) {
                rcpts.add(plan.addressFormat().formatted((index * plan.recipients() + r) % plan.users()));
            }
            byte[] message = message(id, rcpts.getFirst());
            StringBuilder cmds = new StringBuilder("MAIL FROM:<" + plan.sender() + ">" + (size ? " SIZE=" + message.length : "") + "\r\n");
            for (String r : rcpts) cmds.append("RCPT TO:<").append(r).append(">\r\n");
            cmds.append("DATA\r\n");
            out.write(ascii(cmds.toString()));
            out.flush();
            String failure = expect("MAIL", 250);
            List<String> accepted = new ArrayList<>();
            for (String r : rcpts) {
                String refused = expect("RCPT " + r, 250);
                if (refused == null) accepted.add(r);
                failure = first(failure, refused);
            }
            String data = expect("DATA", 354);
            if (data != null) {
                out.write(ascii("RSET\r\n"));
                out.flush();
                expect("RSET", 250);
                return first(failure, data);
            }
            out.write(message);
            out.write(ascii(".\r\n"));
            out.flush();
            for (String r : accepted) failure = first(failure, expect("delivery to " + r, 250));
            return failure;
        }

        private byte[] message(String id, String to) {
            String header = "From: <" + plan.sender() + ">\r\nTo: <" + to + ">\r\nSubject: bench " + id
                    + "\r\nMessage-ID: <" + id + "." + index + "." + System.nanoTime() + "@bench.client>\r\n"
                    + "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\n\r\n";
            byte[] h = ascii(header);
            int bodyBytes = Math.max(0, plan.size() - h.length);
            // cut the body at a line end so the message keeps CRLF lines
            int cut = Math.min(body.length, bodyBytes - bodyBytes % (LINE_LENGTH + 2));
            byte[] m = Arrays.copyOf(h, h.length + cut);
            System.arraycopy(body, 0, m, h.length, cut);
            return m;
        }

        /** Reads one reply; null when its code is {@code code}, else a description. */
        private String expect(String what, int code) throws IOException {
            return expect(what, code, new ArrayList<>());
        }

        private String expect(String what, int code, List<String> lines) throws IOException {
            String last;
            do {
                last = line();
                if (last == null) throw new IOException("server closed the connection waiting for the " + what + " reply");
                lines.add(last);
            } while (last.length() > 3 && last.charAt(3) == '-');
            return last.startsWith(code + " ") || last.equals(String.valueOf(code)) ? null : what + ": " + last;
        }

        private String line() throws IOException {
            ByteArrayOutputStream l = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) return null;
                if (b != '\r') l.write(b);
            }
            return l.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() {
            try (socket) {
                out.write(ascii("QUIT\r\n"));
                out.flush();
            } catch (IOException ignored) {
                // the server may be gone already; the connection is closed either way
            }
        }
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

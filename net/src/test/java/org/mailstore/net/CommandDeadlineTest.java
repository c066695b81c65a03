package org.mailstore.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CommandDeadline over a real loopback connection: the socket timeouts it sets are the kernel's. */
class CommandDeadlineTest {
    private static final Duration IDLE = Duration.ofSeconds(10);
    private static final Duration COMMAND = Duration.ofMillis(800);
    private static final long TICK_MILLIS = 150;

    private ServerSocket listener;
    private Socket client;
    private Connection server;

    @BeforeEach
    void connect() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        server = Connection.open(listener.accept(), ConnectionSecurity.none(PlaintextPolicy.DEFAULT));
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        server.close();
        listener.close();
    }

    private CommandDeadline deadline(long minBytesPerSecond, Duration idle) {
        return new CommandDeadline(server, new CommandTimeouts(COMMAND, minBytesPerSecond), idle);
    }

    /** Sends {@code text} one byte per tick on another thread, as a trickling client does. */
    private Thread trickle(String text) {
        return Thread.ofVirtual().start(() -> {
            try {
                OutputStream out = client.getOutputStream();
                for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(TICK_MILLIS);
                }
            } catch (IOException | InterruptedException e) {
                // the server closed or the test ended
            }
        });
    }

    @Test
    void aTricklingCommandIsCutAtItsDeadlineThoughNoReadWaitedLongerThanATick() throws Exception {
        CommandDeadline in = deadline(CommandTimeouts.DEFAULT_MIN_BYTES_PER_SECOND, IDLE);
        LineReader reader = new LineReader(in);
        in.nextCommand(false);
        Thread sender = trickle("a1 LOGIN someone password-that-never-ends\r\n");
        long start = System.nanoTime();
        CommandTimeoutException e = assertThrows(CommandTimeoutException.class, () -> reader.readLine(1024));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis >= COMMAND.toMillis() && tookMillis < COMMAND.toMillis() + 2_000, "cut after " + tookMillis + " ms");
        assertTrue(e.receivedBytes() >= 3 && e.receivedBytes() <= COMMAND.toMillis() / TICK_MILLIS + 2, e.getMessage());
        sender.interrupt();
    }

    @Test
    void theClockStartsAtTheFirstByteSoSilenceBeforeACommandIsIdleTime() throws Exception {
        CommandDeadline in = deadline(CommandTimeouts.DEFAULT_MIN_BYTES_PER_SECOND, IDLE);
        LineReader reader = new LineReader(in);
        in.nextCommand(false);
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(COMMAND.toMillis() * 2);
                client.getOutputStream().write("a1 NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException | InterruptedException e) {
                // the test failed already
            }
        });
        assertArrayEquals("a1 NOOP".getBytes(StandardCharsets.US_ASCII), reader.readLine(1024).bytes());
    }

    @Test
    void nextCommandStopsTheClockSoEachCommandGetsItsOwnTime() throws Exception {
        CommandDeadline in = deadline(CommandTimeouts.DEFAULT_MIN_BYTES_PER_SECOND, IDLE);
        LineReader reader = new LineReader(in);
        OutputStream out = client.getOutputStream();
        for (int i = 0; i < 3; i++) {
            in.nextCommand(reader.hasBuffered());
            out.write("a".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(COMMAND.toMillis() / 2);
            out.write(" NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertArrayEquals("a NOOP".getBytes(StandardCharsets.US_ASCII), reader.readLine(1024).bytes());
            Thread.sleep(COMMAND.toMillis()); // between commands: idle, not command time
        }
    }

    @Test
    void aCommandAlreadyBufferedStartsItsClockAtOnce() throws Exception {
        CommandDeadline in = deadline(CommandTimeouts.DEFAULT_MIN_BYTES_PER_SECOND, IDLE);
        LineReader reader = new LineReader(in);
        client.getOutputStream().write("a1 NOOP\r\na2 NO".getBytes(StandardCharsets.US_ASCII));
        in.nextCommand(false);
        assertArrayEquals("a1 NOOP".getBytes(StandardCharsets.US_ASCII), reader.readLine(1024).bytes());
        assertTrue(reader.hasBuffered());
        in.nextCommand(reader.hasBuffered());
        Thread.sleep(COMMAND.toMillis() + 200);
        assertThrows(CommandTimeoutException.class, () -> reader.readLine(1024));
    }

    @Test
    void bytesEarnTimeAtTheMinimumRateSoASteadyUploadFinishes() throws Exception {
        // 2,000 bytes in 20 pieces of 100 every 100 ms (1,000 B/s) take 2 s, far past the fixed 800 ms; at a minimum
        // of 200 B/s each piece earns 500 ms
        CommandDeadline in = deadline(200, IDLE);
        in.nextCommand(false);
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                OutputStream out = client.getOutputStream();
                for (int i = 0; i < 20; i++) {
                    out.write(new byte[100]);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the test failed already
            }
        });
        LineReader reader = new LineReader(in);
        long[] got = {0};
        assertTrue(reader.readExactly(2_000, (b, off, len) -> got[0] += len));
        assertEquals(2_000, got[0]);
        sender.join();
    }

    @Test
    void theSameUploadBelowTheMinimumRateIsCut() throws Exception {
        // 100 B/s sent against a minimum of 1,000 B/s: each piece earns 10 ms and the deadline catches up
        CommandDeadline in = deadline(1_000, IDLE);
        in.nextCommand(false);
        Thread.ofVirtual().start(() -> {
            try {
                OutputStream out = client.getOutputStream();
                for (int i = 0; i < 40; i++) {
                    out.write(new byte[10]);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // cut off, as expected
            }
        });
        LineReader reader = new LineReader(in);
        assertThrows(CommandTimeoutException.class, () -> reader.readExactly(400, (b, off, len) -> { }));
    }

    @Test
    void silenceIsStillAnIdleTimeoutNotACommandTimeout() {
        CommandDeadline in = deadline(CommandTimeouts.DEFAULT_MIN_BYTES_PER_SECOND, Duration.ofMillis(300));
        in.nextCommand(false);
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> new LineReader(in).readLine(1024));
        assertFalse(e instanceof CommandTimeoutException, e.toString());
    }

    @Test
    void theCommandTimeIsNeverLongerThanTheIdleTimeout() throws Exception {
        // before an IMAP login the idle timeout is the shorter one: a command may not outlast it by trickling
        Duration idle = Duration.ofMillis(400);
        CommandDeadline in = deadline(CommandTimeouts.DEFAULT_MIN_BYTES_PER_SECOND, idle);
        in.nextCommand(false);
        Thread sender = trickle("a1 LOGIN someone password\r\n");
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> new LineReader(in).readLine(1024));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertInstanceOf(CommandTimeoutException.class, e);
        assertTrue(tookMillis < COMMAND.toMillis(), "cut after " + tookMillis + " ms");
        sender.interrupt();
    }

    @Test
    void limitsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new CommandTimeouts(Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class, () -> new CommandTimeouts(Duration.ofSeconds(1), 0));
        assertEquals(new CommandTimeouts(Duration.ofMinutes(5), 1024), CommandTimeouts.defaults());
    }
}

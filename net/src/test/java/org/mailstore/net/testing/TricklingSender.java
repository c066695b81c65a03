package org.mailstore.net.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client that feeds a server bytes slowly, for the command-deadline tests of every protocol: a byte per
 * {@link #TICK} never lets an idle timeout fire, yet no command finishes within its deadline. The bytes go out on
 * a virtual thread, so the test can meanwhile read the server's answer and serve another client; {@link #close}
 * stops it (the server hanging up stops it too).
 */
public final class TricklingSender implements AutoCloseable {
    /** Far below any idle timeout, far above what a command deadline of a second lets through for a line. */
    public static final Duration TICK = Duration.ofMillis(150);
    /** How late after its deadline the cut may come on a loaded machine. */
    public static final Duration SLACK = Duration.ofSeconds(3);

    private final Thread thread;
    private final long startNanos;

    private TricklingSender(OutputStream out, byte[] bytes) {
        this.startNanos = System.nanoTime();
        this.thread = Thread.ofVirtual().start(() -> {
            try {
                for (byte b : bytes) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(TICK);
                }
            } catch (IOException | InterruptedException e) {
                // cut off by the server (the point of the test) or stopped by close()
            }
        });
    }

    /** Starts sending {@code bytes} to {@code out}, one per {@link #TICK}. */
    public static TricklingSender start(OutputStream out, byte[] bytes) {
        return new TricklingSender(out, bytes);
    }

    /** Starts sending the US-ASCII {@code text}, one byte per {@link #TICK}. */
    public static TricklingSender start(OutputStream out, String text) {
        return start(out, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Milliseconds since the first byte went out. */
    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** The cut came no earlier than {@code deadline} after the first byte and at most {@link #SLACK} later. */
    public static void assertCutAtDeadline(long cutMillis, Duration deadline) {
        assertTrue(cutMillis >= deadline.toMillis() && cutMillis < deadline.plus(SLACK).toMillis(), "cut after " + cutMillis + " ms");
    }

    /** The cut came at most {@link #SLACK} after {@code deadline} (when the deadline started before the first byte). */
    public static void assertCutByDeadline(long cutMillis, Duration deadline) {
        assertTrue(cutMillis < deadline.plus(SLACK).toMillis(), "cut after " + cutMillis + " ms");
    }

    /**
     * Sends {@code piece} {@code times} times with {@code pause} after each, on this thread: a client that is slow but
     * keeps a given rate, which must outlast the command deadline without being cut.
     */
    public static void steadily(OutputStream out, byte[] piece, int times, Duration pause) throws IOException, InterruptedException {
        for (int i = 0; i < times; i++) {
            out.write(piece);
            out.flush();
            Thread.sleep(pause);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}

package org.mailstore.server;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a running command as seen from outside: when {@code serve} is ready, and how it
 * learns that the process is asked to stop. In the real process a JVM
 * shutdown hook (SIGTERM, SIGINT) {@link #requestStop requests the stop}; tests request it
 * directly. {@code serve} waits in {@link #awaitStop}, shuts down in order and reports
 * {@link #finished}; the hook then ends the process with that exit code, so a clean shutdown on
 * SIGTERM exits 0 rather than the JVM's 143. A short command instead hands over what it has
 * started with {@link #closeOnStop}, so an interrupt never leaves an embedded PostgreSQL behind.
 */
public final class ProcessLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ProcessLifecycle.class);
    /** How long the shutdown hook waits for serve to stop everything before the JVM exits anyway. */
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicReference<AutoCloseable> closeOnStop = new AtomicReference<>();
    private volatile boolean serving;
    private volatile int exitCode;

    /** Ends the real process cleanly on SIGTERM/SIGINT. Call once, from {@code main} only. */
    void installJvmHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::onJvmShutdown, "mailstore-shutdown"));
    }

    private void onJvmShutdown() {
        requestStop();
        if (!serving) return;
        try {
            if (awaitFinished(SHUTDOWN_TIMEOUT)) {
                Runtime.getRuntime().halt(exitCode);
            }
            log.error("shutdown did not finish within {} s", SHUTDOWN_TIMEOUT.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the command to stop; closes what a short command registered. Idempotent. */
    public void requestStop() {
        stopRequested.countDown();
        AutoCloseable c = closeOnStop.getAndSet(null);
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            log.error("stopping after an interrupt failed", e);
        }
    }

    /**
     * Serve is starting: from now on a stop request waits for {@link #finished} instead of
     * letting the JVM exit under the shutdown sequence.
     */
    public void serving() {
        serving = true;
    }

    /** Serve has started everything and logged its ready line. */
    public void ready() {
        ready.countDown();
    }

    /** Waits for {@link #ready}; false on timeout. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Blocks until {@link #requestStop} (serve's main loop). */
    public void awaitStop() throws InterruptedException {
        stopRequested.await();
    }

    public boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** Serve has shut down everything; the process may exit with {@code code}. */
    public void finished(int code) {
        exitCode = code;
        finished.countDown();
    }

    /** Waits for {@link #finished}; false on timeout. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Registers what to close if the process is stopped mid-command; {@code null} after the command closed it. */
    public void closeOnStop(AutoCloseable c) {
        closeOnStop.set(c);
    }
}

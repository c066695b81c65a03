package org.mailstore.imapd;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import org.mailstore.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The virtual thread that writes untagged updates while its session waits in IDLE for DONE. It owns the session's
 * {@link ResponseWriter} and selected mailbox from {@link #start} until {@link #stop} returns; the session thread
 * only reads the socket meanwhile, so the two never write at once. A parked virtual thread costs a few hundred
 * bytes, which is what lets thousands of sessions IDLE at once.
 */
final class IdlePusher {
    private static final Logger log = LoggerFactory.getLogger(IdlePusher.class);

    private final ImapSession session;
    private final Semaphore wakeups = new Semaphore(0);
    private volatile boolean stopped;
    private Thread thread;

    IdlePusher(ImapSession session) {
        this.session = session;
    }

    void start() {
        String sessionId = MDC.get("session");
        thread = Thread.ofVirtual().name("imap-idle").start(() -> {
            if (sessionId != null) MDC.put("session", sessionId);
            run();
        });
        wake();
    }

    void wake() {
        wakeups.release();
    }

    /** Stops the thread and waits for it, so the caller owns the writer again when this returns. */
    void stop() {
        stopped = true;
        wakeups.release();
        if (thread == null) return;
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void run() {
        while (!stopped) {
            try {
                wakeups.acquire();
                wakeups.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
            if (stopped) return;
            try {
                MailboxUpdates.report(session, false, true);
                session.out.flush();
            } catch (IOException e) {
                log.debug("IDLE update could not be sent: {}", e.toString());
                return;
            } catch (StoreException e) {
                log.warn("reading mailbox changes during IDLE failed: {} ({})", e.getMessage(), e.reason());
            }
        }
    }
}

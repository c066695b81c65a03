package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The write stall of the search text backlog, without a database: who waits, for how long, who lets them go. */
class SearchTextBacklogTest {
    @Test
    void underTheLimitAWriterDoesNotWait() {
        SearchTextBacklog backlog = new SearchTextBacklog(new SearchTextBacklog.Settings(10, Duration.ofMinutes(10)));
        long start = System.nanoTime();
        backlog.awaitRoom();
        backlog.report(false);
        backlog.awaitRoom();
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }

    @Test
    void overTheLimitAWriterWaitsUntilTheIndexerReportsRoom() throws Exception {
        SearchTextBacklog backlog = new SearchTextBacklog(new SearchTextBacklog.Settings(10, Duration.ofMinutes(10)));
        backlog.report(true);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(backlog::awaitRoom, r -> Thread.ofVirtual().start(r));
        assertThrows(TimeoutException.class, () -> writer.get(300, TimeUnit.MILLISECONDS), "waits while over the limit");
        backlog.report(true);
        assertFalse(writer.isDone(), "a second report of the same state lets nobody go");
        backlog.report(false);
        writer.get(10, TimeUnit.SECONDS);
        assertFalse(backlog.waiting());
    }

    @Test
    void aWriterGivesUpWaitingAfterTheMaximumWait() {
        SearchTextBacklog backlog = new SearchTextBacklog(new SearchTextBacklog.Settings(10, Duration.ofMillis(200)));
        backlog.report(true);
        long start = System.nanoTime();
        backlog.awaitRoom();
        long waited = System.nanoTime() - start;
        assertTrue(waited >= Duration.ofMillis(200).toNanos(), "waited " + waited + " ns");
        assertTrue(backlog.waiting(), "the backlog is still over; only this writer went on");
    }
}

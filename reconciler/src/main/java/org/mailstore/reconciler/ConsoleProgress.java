package org.mailstore.reconciler;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.mailstore.store.maintenance.Progress;

/**
 * Progress for a person or a log: on a terminal a bar redrawn in place (carriage return), at most
 * {@link #TERMINAL_REFRESH_NANOS} apart; otherwise plain lines, one at most every
 * {@link #PLAIN_INTERVAL_NANOS} and one when each phase ends, so a cron job's mail or a CI log stays short.
 */
public final class ConsoleProgress implements Progress {
    static final long TERMINAL_REFRESH_NANOS = 100_000_000L;
    static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L;
    static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final String command;
    private final LongSupplier nanoClock;
    private String phase;
    private long total;
    private long done;
    private long started;
    private long lastShown;

    public ConsoleProgress(PrintStream out, boolean terminal, String command) {
        this(out, terminal, command, System::nanoTime);
    }

    ConsoleProgress(PrintStream out, boolean terminal, String command, LongSupplier nanoClock) {
        this.out = out;
        this.terminal = terminal;
        this.command = command;
        this.nanoClock = nanoClock;
    }

    @Override
    public void phase(String name, long expectedTotal) {
        phase = name;
        total = expectedTotal;
        done = 0;
        started = nanoClock.getAsLong();
        lastShown = started;
        if (terminal) draw(started);
    }

    @Override
    public void advance(long items) {
        done += items;
        long now = nanoClock.getAsLong();
        long interval = terminal ? TERMINAL_REFRESH_NANOS : PLAIN_INTERVAL_NANOS;
        if (now - lastShown < interval) return;
        lastShown = now;
        if (terminal) {
            draw(now);
        } else {
            out.println(command + ": " + phase + ": " + count(done) + of() + rate(now));
            out.flush();
        }
    }

    @Override
    public void done() {
        long now = nanoClock.getAsLong();
        String seconds = String.format(Locale.ROOT, "%.1f s", (now - started) / 1e9);
        if (terminal) {
            draw(now);
            out.print("\r\033[K");
        }
        out.println(command + ": " + phase + ": " + count(done) + " done in " + seconds + rate(now));
        out.flush();
    }

    private void draw(long now) {
        StringBuilder line = new StringBuilder("\r\033[K").append(command).append(": ").append(phase).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
            line.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(Math.min(100, done * 100 / total)).append("% ");
        }
        line.append(count(done)).append(of()).append(rate(now));
        out.print(line);
        out.flush();
    }

    private String of() {
        return total > 0 ? " of ~" + count(total) : "";
    }

    private String rate(long now) {
        double seconds = (now - started) / 1e9;
        return seconds < 0.5 || done == 0 ? "" : String.format(Locale.ROOT, " (%,.0f/s)", done / seconds);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}

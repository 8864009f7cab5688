package kr.compensation.voucher.ops.support;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Progress of a long job on stderr: count, rate and, when the job knows how far along it is, a bar and an ETA.
 * On a terminal it redraws one line a few times a second; otherwise (a log file, CI) it prints a plain line every
 * ten seconds, so the output stays readable after the fact. Stdout is left to the command's result.
 */
public final class Progress implements AutoCloseable {

    /** How to show progress. */
    public enum Mode {
        /** Redraw one line in place. */
        TERMINAL,
        /** A new line every {@link #PLAIN_INTERVAL_SECONDS} seconds. */
        PLAIN,
        /** Nothing at all. */
        OFF
    }

    /**
     * @param count    units done so far (rows, items, messages)
     * @param fraction how far along the whole job is, 0..1, or NaN when unknown
     */
    public record Snapshot(long count, double fraction) {
    }

    static final int PLAIN_INTERVAL_SECONDS = 10;
    private static final int BAR_WIDTH = 24;

    private final String label;
    private final String unit;
    private final Supplier<Snapshot> source;
    private final PrintStream out;
    private final Mode mode;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private Snapshot start;
    private ScheduledExecutorService ticker;
    private int lastWidth;

    public Progress(String label, String unit, Supplier<Snapshot> source, PrintStream out, Mode mode,
                    LongSupplier nanoClock) {
        this.label = Objects.requireNonNull(label, "label");
        this.unit = Objects.requireNonNull(unit, "unit");
        this.source = Objects.requireNonNull(source, "source");
        this.out = Objects.requireNonNull(out, "out");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.startNanos = nanoClock.getAsLong();
    }

    public static Progress start(String label, String unit, Supplier<Snapshot> source, PrintStream out, Mode mode) {
        Progress progress = new Progress(label, unit, source, out, mode, System::nanoTime);
        progress.begin();
        return progress;
    }

    private void begin() {
        start = source.get();
        if (mode == Mode.OFF) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "progress");
            thread.setDaemon(true);
            return thread;
        });
        long period = mode == Mode.TERMINAL ? 250 : PLAIN_INTERVAL_SECONDS * 1000L;
        ticker.scheduleAtFixedRate(this::draw, period, period, TimeUnit.MILLISECONDS);
    }

    private synchronized void draw() {
        String line = render(source.get(), nanoClock.getAsLong());
        if (mode == Mode.TERMINAL) {
            // Pad over the previous, possibly longer, line instead of relying on terminal escape codes.
            int pad = Math.max(0, lastWidth - line.length());
            out.print("\r" + line + " ".repeat(pad));
            lastWidth = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** One status line; pure, for tests. */
    String render(Snapshot now, long nowNanos) {
        if (start == null) {
            start = now;
        }
        double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
        double rate = (now.count() - start.count()) / seconds;
        StringBuilder line = new StringBuilder(96).append(label);
        boolean known = !Double.isNaN(now.fraction());
        if (known) {
            double fraction = Math.min(1, Math.max(0, now.fraction()));
            int filled = (int) Math.round(fraction * BAR_WIDTH);
            line.append(String.format(Locale.ROOT, " %5.1f%% [", fraction * 100))
                    .append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append(']');
        }
        line.append(String.format(Locale.ROOT, " %,d %s  %,.0f %s/s", now.count(), unit, rate, unit));
        double advanced = known ? now.fraction() - (Double.isNaN(start.fraction()) ? 0 : start.fraction()) : 0;
        if (known && advanced > 0 && now.fraction() < 1) {
            long eta = Math.round(seconds * (1 - now.fraction()) / advanced);
            line.append("  ETA ").append(clock(eta));
        }
        line.append("  elapsed ").append(clock(Math.round(seconds)));
        return line.toString();
    }

    /** h:mm:ss */
    public static String clock(long totalSeconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", totalSeconds / 3600, totalSeconds / 60 % 60, totalSeconds % 60);
    }

    /** Stops redrawing and leaves the final state on its own line. */
    @Override
    public void close() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ticker = null;
        draw();
        if (mode == Mode.TERMINAL) {
            out.println();
        }
        out.flush();
    }
}

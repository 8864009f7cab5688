package kr.compensation.voucher.ops.support;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What paces a long run and reports on it, and the flag that stops it, the same for load, rekey and issue-all: the
 * rate limit on what it sends, the back-off between retries, where progress goes, the clock it is measured by.
 */
public final class RunControls {

    private final TokenBucket rateLimit;
    private final Backoff backoff;
    private final PrintStream progressOut;
    private final Progress.Mode progressMode;
    private final LongSupplier nanoClock;
    private volatile boolean stopRequested;

    /** @param rateLimit null for no rate limit */
    public RunControls(TokenBucket rateLimit, Backoff backoff, PrintStream progressOut, Progress.Mode progressMode,
                       LongSupplier nanoClock) {
        this.rateLimit = rateLimit;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.progressOut = Objects.requireNonNull(progressOut, "progressOut");
        this.progressMode = Objects.requireNonNull(progressMode, "progressMode");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** Waits until the rate limit allows this many units (write units, messages); at once without a limit. */
    public void acquire(int units) throws InterruptedException {
        if (rateLimit != null) {
            rateLimit.acquire(units);
        }
    }

    public Backoff backoff() {
        return backoff;
    }

    /** Where a run prints progress and what it waits for (stderr). */
    public PrintStream progressOut() {
        return progressOut;
    }

    public Progress progress(String label, String unit, Supplier<Progress.Snapshot> source) {
        return Progress.start(label, unit, source, progressOut, progressMode);
    }

    public long nanoTime() {
        return nanoClock.getAsLong();
    }

    public Duration elapsedSince(long startedNanos) {
        return Duration.ofNanos(nanoClock.getAsLong() - startedNanos);
    }

    /** Asks the run to stop after the requests in flight (Ctrl-C); safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }
}

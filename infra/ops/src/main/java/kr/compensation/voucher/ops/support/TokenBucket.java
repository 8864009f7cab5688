package kr.compensation.voucher.ops.support;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Holds a rate of units per second (DynamoDB write units, SQS messages) across all worker threads. Callers reserve
 * what they are about to spend and sleep off any debt outside the lock, so a large request waits its share without
 * blocking others from reserving behind it; over any window the spend stays within {@code rate * seconds + burst}.
 */
public final class TokenBucket {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private double tokens;
    private long lastRefill;

    /**
     * @param ratePerSecond sustained units per second, positive
     * @param burst         units that may be spent at once after a pause; at least one request's worth
     */
    public TokenBucket(double ratePerSecond, double burst, LongSupplier nanoClock, Sleeper sleeper) {
        if (!(ratePerSecond > 0) || !(burst > 0)) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.ratePerNano = ratePerSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.lastRefill = nanoClock.getAsLong();
        // Start full: the first second may spend the burst, as DynamoDB's own burst capacity allows.
        this.tokens = burst;
    }

    /** A bucket on the real clock whose burst is one second of rate (but never less than {@code minBurst}). */
    public static TokenBucket perSecond(double ratePerSecond, int minBurst) {
        return new TokenBucket(ratePerSecond, Math.max(ratePerSecond, minBurst), System::nanoTime, Sleeper.SYSTEM);
    }

    /** Blocks until {@code units} may be spent. */
    public void acquire(int units) throws InterruptedException {
        long wait = reserve(units);
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
    }

    /** Takes the units now, possibly into debt, and returns how long the caller must wait before spending them. */
    synchronized long reserve(int units) {
        if (units <= 0) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - lastRefill) * ratePerNano);
        lastRefill = now;
        tokens -= units;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerNano);
    }
}

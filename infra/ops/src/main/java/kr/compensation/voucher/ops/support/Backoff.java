package kr.compensation.voucher.ops.support;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with full jitter (a random wait up to the exponential ceiling), which spreads retries of
 * many workers throttled at the same moment instead of having them retry in lockstep.
 */
public final class Backoff {

    private final long baseNanos;
    private final long capNanos;
    private final int maxAttempts;
    private final RandomGenerator random;
    private final Sleeper sleeper;

    public Backoff(long baseMillis, long capMillis, int maxAttempts, RandomGenerator random, Sleeper sleeper) {
        if (baseMillis <= 0 || capMillis < baseMillis || maxAttempts < 1) {
            throw new IllegalArgumentException("need 0 < base <= cap and at least one attempt");
        }
        this.baseNanos = baseMillis * 1_000_000;
        this.capNanos = capMillis * 1_000_000;
        this.maxAttempts = maxAttempts;
        this.random = Objects.requireNonNull(random, "random");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** 50 ms doubling up to 5 s, 12 attempts: rides out about half a minute of throttling before giving up. */
    public static Backoff standard(Sleeper sleeper) {
        return new Backoff(50, 5_000, 12, RandomGenerator.getDefault(), sleeper);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** Waits before attempt number {@code attempt} (1-based: attempt 1 is the first retry). */
    public void pause(int attempt) throws InterruptedException {
        sleeper.sleepNanos(ceilingNanos(attempt) == 0 ? 0 : random.nextLong(ceilingNanos(attempt) + 1));
    }

    long ceilingNanos(int attempt) {
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long ceiling = baseNanos << shift;
        return ceiling <= 0 || ceiling > capNanos ? capNanos : ceiling;
    }
}

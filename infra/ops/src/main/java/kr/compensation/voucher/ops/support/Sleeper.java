package kr.compensation.voucher.ops.support;

/** Waits; a seam so that rate limits and back-off can be tested without waiting. */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = nanos -> {
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    };

    void sleepNanos(long nanos) throws InterruptedException;
}

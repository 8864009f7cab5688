package kr.compensation.voucher.ops.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Needs nothing running: a fake clock that the fake sleeper advances, so no test waits. */
class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Long> sleeps = new ArrayList<>();
    private final Sleeper sleeper = nanos -> {
        sleeps.add(nanos);
        now.addAndGet(nanos);
    };

    @Test
    void aFullBucket_spendsItsBurstWithoutWaiting() throws InterruptedException {
        TokenBucket bucket = new TokenBucket(100, 100, now::get, sleeper);

        bucket.acquire(60);
        bucket.acquire(40);

        assertThat(sleeps).isEmpty();
    }

    @Test
    void spendingBeyondTheBurst_waitsForTheDebtAtTheRate() throws InterruptedException {
        TokenBucket bucket = new TokenBucket(100, 100, now::get, sleeper);
        bucket.acquire(100);

        bucket.acquire(25);

        assertThat(sleeps).containsExactly(250_000_000L);
    }

    @Test
    void overALongRun_theSpendHoldsTheRate() throws InterruptedException {
        TokenBucket bucket = new TokenBucket(1000, 25, now::get, sleeper);
        long start = now.get();

        for (int i = 0; i < 400; i++) {
            bucket.acquire(25);
        }

        // 10,000 units at 1,000/s, of which the first 25 came from the burst.
        double seconds = (now.get() - start) / 1e9;
        assertThat(seconds).isBetween(9.97, 9.98);
    }

    @Test
    void idleTime_refillsTheBucket_butNoMoreThanTheBurst() throws InterruptedException {
        TokenBucket bucket = new TokenBucket(10, 20, now::get, sleeper);
        bucket.acquire(20);
        now.addAndGet(60_000_000_000L);

        bucket.acquire(20);
        assertThat(sleeps).isEmpty();
        bucket.acquire(10);

        assertThat(sleeps).containsExactly(1_000_000_000L);
    }

    @Test
    void concurrentReservations_queueBehindEachOther() {
        TokenBucket bucket = new TokenBucket(10, 10, now::get, sleeper);
        bucket.reserve(10);

        long first = bucket.reserve(10);
        long second = bucket.reserve(10);

        assertThat(first).isEqualTo(1_000_000_000L);
        assertThat(second).isEqualTo(2_000_000_000L);
    }

    @Test
    void aRateOrBurstOfZero_isRefused() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, now::get, sleeper)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, now::get, sleeper)).isInstanceOf(IllegalArgumentException.class);
    }
}

package kr.compensation.voucher.ops.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Needs nothing running. */
class BackoffTest {

    @Test
    void theCeiling_doublesPerAttempt_upToTheCap() {
        Backoff backoff = new Backoff(50, 1_000, 10, RandomGenerator.getDefault(), nanos -> { });

        assertThat(backoff.ceilingNanos(1)).isEqualTo(50_000_000L);
        assertThat(backoff.ceilingNanos(2)).isEqualTo(100_000_000L);
        assertThat(backoff.ceilingNanos(5)).isEqualTo(800_000_000L);
        assertThat(backoff.ceilingNanos(6)).isEqualTo(1_000_000_000L);
        assertThat(backoff.ceilingNanos(60)).isEqualTo(1_000_000_000L);
    }

    @Test
    void eachPause_isAJitteredWaitWithinTheCeiling() throws InterruptedException {
        List<Long> sleeps = new ArrayList<>();
        Backoff backoff = new Backoff(50, 1_000, 10, RandomGenerator.of("L64X128MixRandom"), sleeps::add);

        for (int attempt = 1; attempt <= 8; attempt++) {
            backoff.pause(attempt);
        }

        for (int i = 0; i < sleeps.size(); i++) {
            assertThat(sleeps.get(i)).isBetween(0L, backoff.ceilingNanos(i + 1));
        }
    }
}

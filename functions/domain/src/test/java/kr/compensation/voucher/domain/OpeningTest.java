package kr.compensation.voucher.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpeningTest {

    private static final Instant OPENS_AT = Instant.parse("2027-01-14T15:00:00Z");
    private final Opening opening = Opening.parse("2027-01-15T00:00:00+09:00");

    @Test
    @DisplayName("the configured local time with offset is the instant the service opens")
    void parsesIsoWithOffset() {
        assertThat(opening.opensAt()).isEqualTo(OPENS_AT);
        assertThat(Opening.parse("2027-01-14T15:00:00Z").opensAt()).isEqualTo(OPENS_AT);
    }

    @ParameterizedTest
    @DisplayName("a time without an offset, or no time at all, is refused: the opening must not depend on a server's zone")
    @ValueSource(strings = {"2027-01-15T00:00:00", "2027-01-15", "tomorrow", ""})
    @NullSource
    void refusesAmbiguousOrMissingTimes(String value) {
        assertThatThrownBy(() -> Opening.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset");
    }

    @Test
    @DisplayName("one millisecond before the opening instant it is closed")
    void closedOneMillisecondBefore() {
        assertThat(opening.isOpenAt(OPENS_AT.minusMillis(1))).isFalse();
    }

    @Test
    @DisplayName("exactly at the opening instant it is open")
    void openExactlyAtTheInstant() {
        assertThat(opening.isOpenAt(OPENS_AT)).isTrue();
        assertThat(opening.isOpenAt(OPENS_AT.plusNanos(1))).isTrue();
    }

    @Test
    @DisplayName("Retry-After rounds up to whole seconds and is at least one while closed, zero once open")
    void secondsUntilOpenRoundsUp() {
        assertThat(opening.secondsUntilOpen(OPENS_AT.minusMillis(1))).isEqualTo(1);
        assertThat(opening.secondsUntilOpen(OPENS_AT.minusNanos(1))).isEqualTo(1);
        assertThat(opening.secondsUntilOpen(OPENS_AT.minusSeconds(10))).isEqualTo(10);
        assertThat(opening.secondsUntilOpen(OPENS_AT.minus(Duration.ofMillis(10_001)))).isEqualTo(11);
        assertThat(opening.secondsUntilOpen(OPENS_AT.minus(Duration.ofDays(1)))).isEqualTo(86_400);
        assertThat(opening.secondsUntilOpen(OPENS_AT)).isZero();
        assertThat(opening.secondsUntilOpen(OPENS_AT.plusSeconds(5))).isZero();
    }
}

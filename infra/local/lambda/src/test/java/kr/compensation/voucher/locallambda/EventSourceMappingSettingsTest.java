package kr.compensation.voucher.locallambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Needs nothing running: the settings Lambda would refuse are refused here too. */
class EventSourceMappingSettingsTest {

    private final EventSourceMappingSettings defaults = EventSourceMappingSettings.of("http://127.0.0.1/q");

    @Test
    void of_shouldUseLambdasDefaultsForAStandardQueue() {
        assertThat(defaults.batchSize()).isEqualTo(10);
        assertThat(defaults.maximumBatchingWindow()).isZero();
        assertThat(defaults.visibilityTimeout()).isNull();
    }

    @Test
    void batchSize_shouldNeedAWindow_whenOverTen() {
        assertThatThrownBy(() -> defaults.withBatchSize(11).requireConsistent())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(defaults.withBatchSize(100).withMaximumBatchingWindow(Duration.ofSeconds(1)).requireConsistent()
                .batchSize()).isEqualTo(100);
    }

    @Test
    void settings_shouldRefuseValuesOutsideLambdasRanges() {
        assertThatThrownBy(() -> defaults.withBatchSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withMaximumBatchingWindow(Duration.ofSeconds(301)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withWorkers(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withPollWait(Duration.ofSeconds(21))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withFunctionTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}

package kr.compensation.voucher.ops.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Needs nothing running: renders lines from a fake clock. */
class ProgressTest {

    private final AtomicLong now = new AtomicLong();
    private final PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void aJobThatKnowsItsFraction_showsABarRateAndEta() {
        Progress progress = new Progress("load", "lines", () -> new Progress.Snapshot(0, 0), sink,
                Progress.Mode.OFF, now::get);
        progress.render(new Progress.Snapshot(0, 0), 0);
        now.set(10_000_000_000L);

        String line = progress.render(new Progress.Snapshot(250_000, 0.25), now.get());

        assertThat(line).startsWith("load  25.0% [######..................]")
                .contains("250,000 lines").contains("25,000 lines/s").contains("ETA 0:00:30")
                .contains("elapsed 0:00:10");
    }

    @Test
    void aJobOfUnknownSize_showsCountAndRateOnly() {
        Progress progress = new Progress("issue-all", "requests", () -> new Progress.Snapshot(0, Double.NaN), sink,
                Progress.Mode.OFF, now::get);
        progress.render(new Progress.Snapshot(0, Double.NaN), 0);

        String line = progress.render(new Progress.Snapshot(5_000, Double.NaN), 2_000_000_000L);

        assertThat(line).isEqualTo("issue-all 5,000 requests  2,500 requests/s  elapsed 0:00:02");
    }

    @Test
    void theClock_showsHoursMinutesSeconds() {
        assertThat(Progress.clock(3_725)).isEqualTo("1:02:05");
    }
}

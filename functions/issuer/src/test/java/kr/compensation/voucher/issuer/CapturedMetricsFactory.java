package kr.compensation.voucher.issuer;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;

/** In the "captured-metrics" environment the metrics lines go to a buffer that tests read, not to standard output. */
@Factory
@Requires(env = CapturedMetricsFactory.CAPTURED_METRICS)
public class CapturedMetricsFactory {

    static final String CAPTURED_METRICS = "captured-metrics";

    @Singleton
    IssuerTestData.CapturedOutput metricsOutput() {
        return new IssuerTestData.CapturedOutput();
    }

    @Singleton
    @Replaces(bean = IssuanceMetrics.class, factory = IssuerFactory.class)
    IssuanceMetrics metrics(IssuerTestData.CapturedOutput output, Clock clock) {
        return IssuanceMetrics.writingTo(output.stream, clock);
    }
}

package kr.compensation.voucher.issuer;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import kr.compensation.voucher.issuer.testing.EmulatorIssuer;

/** In the "captured-metrics" environment the metrics lines go to a buffer that tests read, not to standard output. */
@Factory
@Requires(env = CapturedMetricsFactory.CAPTURED_METRICS)
public class CapturedMetricsFactory {

    static final String CAPTURED_METRICS = "captured-metrics";

    /** The production handler on the emulator's table, its metrics lines captured for {@link #metricsOf}. */
    static IssuerHandler capturingHandler(EmulatorIssuer issuer, Object... singletons) {
        return capturingHandler(issuer, issuer.table, singletons);
    }

    static IssuerHandler capturingHandler(EmulatorIssuer issuer, String table, Object... singletons) {
        return issuer.handler(table, List.of("test", CAPTURED_METRICS), singletons);
    }

    static IssuerTestData.CapturedOutput metricsOf(IssuerHandler handler) {
        return handler.getApplicationContext().getBean(IssuerTestData.CapturedOutput.class);
    }

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

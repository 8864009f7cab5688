package kr.compensation.voucher.issuer;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import kr.compensation.voucher.adapters.metrics.EmbeddedMetricsWriter;

/**
 * The issuer's CloudWatch metrics, one embedded-metric-format line per invocation in namespace
 * {@value #NAMESPACE}, dimension Function=issuer: Issued, AlreadyIssued, RejectedNotEligible, Malformed, Failed.
 */
public final class IssuanceMetrics {

    public static final String NAMESPACE = "CompensationVoucher";
    public static final String FUNCTION = "issuer";

    private final EmbeddedMetricsWriter writer;

    public IssuanceMetrics(EmbeddedMetricsWriter writer) {
        this.writer = Objects.requireNonNull(writer, "writer");
        if (!writer.metricNames().equals(Arrays.stream(MessageOutcome.values()).map(MessageOutcome::metricName).toList())) {
            throw new IllegalArgumentException("the writer must declare exactly the issuer's metrics");
        }
    }

    /** In Lambda {@code out} is standard output, which CloudWatch Logs reads. */
    public static IssuanceMetrics writingTo(PrintStream out, Clock clock) {
        return new IssuanceMetrics(new EmbeddedMetricsWriter(NAMESPACE, Map.of("Function", FUNCTION),
                Arrays.stream(MessageOutcome.values()).map(MessageOutcome::metricName).toList(), out, clock));
    }

    public void publish(BatchResult result) {
        Map<String, Integer> values = new LinkedHashMap<>();
        result.counts().forEach((outcome, count) -> values.put(outcome.metricName(), count));
        writer.write(values);
    }
}

package kr.compensation.voucher.adapters.metrics;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Writes counters as one CloudWatch embedded-metric-format (EMF) line to a Lambda's standard output, where CloudWatch
 * Logs turns it into metrics without an API call, an agent or a library on the request path.
 *
 * <p>The set of metric names, their namespace and dimensions are fixed at construction, so only the timestamp and the
 * values change per line; every metric is written on every line, zeros included, so that alarms see data points.
 */
public final class EmbeddedMetricsWriter {

    /** CloudWatch allows more, but our names are plain words; refusing anything else keeps the JSON trivially valid. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,254}");
    private static final int MAX_METRICS = 100;

    private final List<String> metricNames;
    private final PrintStream out;
    private final Clock clock;
    private final String metadataAfterTimestamp;
    private final String dimensionValues;

    /**
     * @param dimensions dimension name to value, in the order they should appear; one dimension set with all of them
     */
    public EmbeddedMetricsWriter(String namespace, Map<String, String> dimensions, List<String> countMetricNames,
                                 PrintStream out, Clock clock) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(dimensions, "dimensions");
        this.metricNames = List.copyOf(countMetricNames);
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (metricNames.isEmpty() || metricNames.size() > MAX_METRICS) {
            throw new IllegalArgumentException("between 1 and " + MAX_METRICS + " metrics per line");
        }
        if (metricNames.stream().distinct().count() != metricNames.size()) {
            throw new IllegalArgumentException("metric names must be distinct");
        }
        Map<String, String> dims = new LinkedHashMap<>(dimensions);
        dims.keySet().forEach(EmbeddedMetricsWriter::requireName);
        metricNames.forEach(EmbeddedMetricsWriter::requireName);
        if (dims.keySet().stream().anyMatch(metricNames::contains)) {
            throw new IllegalArgumentException("a dimension and a metric cannot share a name");
        }

        StringBuilder metadata = new StringBuilder(256);
        metadata.append(",\"CloudWatchMetrics\":[{\"Namespace\":\"").append(escape(namespace))
                .append("\",\"Dimensions\":[[");
        appendJoined(metadata, dims.keySet());
        metadata.append("]],\"Metrics\":[");
        for (int i = 0; i < metricNames.size(); i++) {
            if (i > 0) {
                metadata.append(',');
            }
            metadata.append("{\"Name\":\"").append(metricNames.get(i)).append("\",\"Unit\":\"Count\"}");
        }
        metadata.append("]}]}");
        this.metadataAfterTimestamp = metadata.toString();

        StringBuilder values = new StringBuilder();
        dims.forEach((name, value) -> values.append(",\"").append(name).append("\":\"")
                .append(escape(Objects.requireNonNull(value, "dimension value"))).append('"'));
        this.dimensionValues = values.toString();
    }

    /** Writes one line; a metric missing from {@code counts} is written as 0, a name not declared is refused. */
    public void write(Map<String, ? extends Number> counts) {
        for (String name : counts.keySet()) {
            if (!metricNames.contains(name)) {
                throw new IllegalArgumentException("undeclared metric " + name);
            }
        }
        StringBuilder line = new StringBuilder(metadataAfterTimestamp.length() + 128);
        line.append("{\"_aws\":{\"Timestamp\":").append(clock.millis()).append(metadataAfterTimestamp)
                .append(dimensionValues);
        for (String name : metricNames) {
            Number value = counts.get(name);
            line.append(",\"").append(name).append("\":").append(value == null ? 0 : value.longValue());
        }
        line.append('}');
        // One println is one write under the stream's lock: the line never interleaves with log lines.
        out.println(line);
    }

    public List<String> metricNames() {
        return metricNames;
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain metric or dimension name: " + name);
        }
    }

    private static void appendJoined(StringBuilder out, Iterable<String> names) {
        boolean first = true;
        for (String name : names) {
            if (!first) {
                out.append(',');
            }
            out.append('"').append(name).append('"');
            first = false;
        }
    }

    private static String escape(String value) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }
}

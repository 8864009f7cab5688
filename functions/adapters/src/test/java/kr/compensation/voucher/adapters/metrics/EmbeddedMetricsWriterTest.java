package kr.compensation.voucher.adapters.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Needs nothing running: the line CloudWatch Logs turns into metrics. */
class EmbeddedMetricsWriterTest {

    private static final Instant NOW = Instant.parse("2027-01-15T00:00:05.123Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final EmbeddedMetricsWriter writer = new EmbeddedMetricsWriter("CompensationVoucher",
            Map.of("Function", "issuer"), List.of("Issued", "AlreadyIssued", "Failed"),
            new PrintStream(bytes, true, StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void write_shouldPrintOneEmbeddedMetricFormatLine() throws Exception {
        writer.write(Map.of("Issued", 7, "Failed", 1L));

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(output).endsWith("\n").hasLineCount(1);
        JsonNode line = JSON.readTree(output);
        JsonNode aws = line.get("_aws");
        assertThat(aws.get("Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
        JsonNode directive = aws.get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("CompensationVoucher");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Function\"]]");
        assertThat(directive.get("Metrics").toString()).isEqualTo("[{\"Name\":\"Issued\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"AlreadyIssued\",\"Unit\":\"Count\"},{\"Name\":\"Failed\",\"Unit\":\"Count\"}]");
        assertThat(line.get("Function").asText()).isEqualTo("issuer");
        assertThat(line.get("Issued").asLong()).isEqualTo(7);
        assertThat(line.get("Failed").asLong()).isEqualTo(1);
    }

    @Test
    void write_shouldWriteZeroForAMetricWithoutValue_soThatAlarmsSeeDataPoints() throws Exception {
        writer.write(Map.of());

        JsonNode line = JSON.readTree(bytes.toString(StandardCharsets.UTF_8));
        assertThat(line.get("Issued").isIntegralNumber()).isTrue();
        assertThat(line.get("Issued").asLong()).isZero();
        assertThat(line.get("AlreadyIssued").asLong()).isZero();
        assertThat(line.get("Failed").asLong()).isZero();
    }

    @Test
    void write_shouldRefuseAMetricThatWasNotDeclared() {
        assertThatThrownBy(() -> writer.write(Map.of("Typo", 1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructor_shouldRefuseNamesThatAreNotPlainWords() {
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Clock clock = Clock.systemUTC();
        assertThatThrownBy(() -> new EmbeddedMetricsWriter("N", Map.of("Function", "x"), List.of("Bad\"Name"), out, clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EmbeddedMetricsWriter("N", Map.of("Function", "x"), List.of("A", "A"), out, clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EmbeddedMetricsWriter("N", Map.of("A", "x"), List.of("A"), out, clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EmbeddedMetricsWriter("N", Map.of(), List.of(), out, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void write_shouldEscapeDimensionValuesAndNamespace() throws Exception {
        EmbeddedMetricsWriter quoting = new EmbeddedMetricsWriter("Name\"space", Map.of("Function", "is\"suer"),
                List.of("Issued"), new PrintStream(bytes, true, StandardCharsets.UTF_8), Clock.systemUTC());

        quoting.write(Map.of("Issued", 1));

        JsonNode line = JSON.readTree(bytes.toString(StandardCharsets.UTF_8));
        assertThat(line.get("Function").asText()).isEqualTo("is\"suer");
        assertThat(line.get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText()).isEqualTo("Name\"space");
    }
}

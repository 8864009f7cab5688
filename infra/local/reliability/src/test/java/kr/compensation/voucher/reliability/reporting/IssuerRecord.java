package kr.compensation.voucher.reliability.reporting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kr.compensation.voucher.issuer.IssueBatchProcessor;
import kr.compensation.voucher.reliability.personaldata.SuiteLog;

/**
 * What the issuer told its operators during a stretch of the suite, read back from the captured output the way
 * CloudWatch would read it: the per-message log lines (message id and outcome, nothing else) and the
 * embedded-metric lines (counts per invocation).
 */
public final class IssuerRecord {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<String>> outcomesByMessageId = new HashMap<>();
    private final Map<String, Long> metricTotals = new TreeMap<>();

    private IssuerRecord() {
    }

    public static IssuerRecord since(int mark) {
        IssuerRecord record = new IssuerRecord();
        for (String line : SuiteLog.since(mark)) {
            String json = line.startsWith("stdout: ") ? line.substring("stdout: ".length()) : line;
            if (!json.startsWith("{")) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(json);
            } catch (JsonProcessingException e) {
                continue;
            }
            if (node.has("_aws")) {
                for (JsonNode metric : node.path("_aws").path("CloudWatchMetrics").path(0).path("Metrics")) {
                    String name = metric.path("Name").asText();
                    record.metricTotals.merge(name, node.path(name).asLong(), Long::sum);
                }
            } else if (IssueBatchProcessor.class.getName().equals(node.path("logger").asText())
                    && node.has("messageId") && node.has("outcome")) {
                record.outcomesByMessageId.computeIfAbsent(node.path("messageId").asText(), id -> new ArrayList<>())
                        .add(node.path("outcome").asText());
            }
        }
        return record;
    }

    /** The outcomes logged for one message, one per delivery, in order. */
    public List<String> outcomes(String messageId) {
        return outcomesByMessageId.getOrDefault(messageId, List.of());
    }

    /** Sums of the embedded-metric counts: Issued, AlreadyIssued, RejectedNotEligible, Malformed, Failed. */
    public Map<String, Long> metricTotals() {
        return Map.copyOf(metricTotals);
    }

    public long metric(String name) {
        return metricTotals.getOrDefault(name, 0L);
    }
}

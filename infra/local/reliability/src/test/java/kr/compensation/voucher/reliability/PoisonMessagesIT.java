package kr.compensation.voucher.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.issuer.IssuerHandler;
import kr.compensation.voucher.issuer.testing.EmulatorIssuer;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import kr.compensation.voucher.locallambda.QueueState;
import kr.compensation.voucher.locallambda.SqsEventSourceMapping;
import kr.compensation.voucher.reliability.faults.DynamoDbFaults;
import kr.compensation.voucher.reliability.personaldata.Customers;
import kr.compensation.voucher.reliability.personaldata.LogScan;
import kr.compensation.voucher.reliability.personaldata.SuiteLog;
import kr.compensation.voucher.reliability.personaldata.TableScan;
import kr.compensation.voucher.reliability.reporting.Figures;
import kr.compensation.voucher.reliability.reporting.IssuerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Needs the local AWS emulator. Poison and hostile messages mixed into the same batches as good ones: every message
 * the issuer cannot read ends in the dead-letter queue after the template's maxReceiveCount deliveries, every
 * request for a customer who does not exist or is not owed a voucher ends as a counted rejection, and the good
 * messages of the very same batches are granted as if nothing else were there.
 */
@WithLocalAws
@ExtendWith(LogScan.class)
class PoisonMessagesIT {

    private static final int GOOD = 200;
    private static final int NOT_ELIGIBLE = 20;
    private static final int UNKNOWN = 20;
    /** Failed messages come back quickly, so the poison reaches the dead-letter queue within seconds. */
    private static final Duration VISIBILITY = Duration.ofSeconds(5);
    /** Appears in poison bodies; it must never appear in a log line (the issuer never quotes a body). */
    private static final String MARKER = "POISON-MARKER-7f3a";

    @Test
    @DisplayName("malformed, mistyped, huge, unknown-version and unknown-customer messages mixed with good ones: "
            + "poison to the DLQ, strangers counted as rejections, every good message granted")
    void poisonGoesToTheDeadLetterQueue_strangersAreRejected_andGoodMessagesInTheSameBatchesSucceed(LocalAws aws) {
        EmulatorIssuer issuer = new EmulatorIssuer(aws);
        List<CustomerKey> good = keys(issuer, "poisongood", GOOD);
        List<CustomerKey> notEligible = keys(issuer, "poisonineligible", NOT_ELIGIBLE);
        List<CustomerKey> unknown = keys(issuer, "poisonstranger", UNKNOWN);
        issuer.load(good, true);
        issuer.load(notEligible, false);

        String template = issuer.claimBody(good.get(0), "poison-template");
        Map<String, String> poison = poison(template, good.get(1));
        Map<String, String> kindByBody = new HashMap<>();
        List<String> bodies = new ArrayList<>();
        good.forEach(key -> add(bodies, kindByBody, issuer.claimBody(key, "good"), "good"));
        concat(notEligible, unknown).forEach(key -> add(bodies, kindByBody, issuer.claimBody(key, "stranger"),
                "rejected"));
        poison.values().forEach(body -> add(bodies, kindByBody, body, "poison"));
        Collections.shuffle(bodies, new Random(7));

        int mark = SuiteLog.mark();
        List<String> messageIds = issuer.send(bodies);
        Map<String, String> kindById = new HashMap<>();
        for (int i = 0; i < bodies.size(); i++) {
            kindById.put(messageIds.get(i), kindByBody.get(bodies.get(i)));
        }
        int maxReceiveCount = QueueState.maxReceiveCount(issuer.sqs, issuer.queueUrl);

        long started = System.nanoTime();
        boolean drained;
        SqsEventSourceMapping.Stats stats;
        // No faults: the interceptor only counts what was sent.
        try (IssuerHandler handler = issuer.handler(DynamoDbFaults.none());
             SqsEventSourceMapping mapping = issuer.mapping(handler, 2, VISIBILITY).start()) {
            drained = issuer.awaitDrained(Duration.ofMinutes(3));
            mapping.stop();
            stats = mapping.stats();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(drained).as("the queue drained").isTrue();

        // The dead-letter queue holds exactly the poison: no good message, no rejection.
        List<String> deadLetters = drain(issuer, poison.size());
        assertThat(deadLetters).as("bodies in the dead-letter queue")
                .containsExactlyInAnyOrderElementsOf(poison.values());

        // Every message ended the way its kind should, as the issuer's own log lines tell.
        // (SQS delivers at least once: a good message may come again and then finds its voucher already there.)
        IssuerRecord record = IssuerRecord.since(mark);
        long rejections = 0;
        for (Map.Entry<String, String> message : kindById.entrySet()) {
            List<String> outcomes = record.outcomes(message.getKey());
            switch (message.getValue()) {
                case "good" -> {
                    assertThat(outcomes).as("a good message").containsOnlyOnce("ISSUED");
                    assertThat(outcomes).filteredOn(o -> !o.equals("ISSUED")).allMatch("ALREADY_ISSUED"::equals);
                }
                case "rejected" -> {
                    assertThat(outcomes).as("a stranger's message").isNotEmpty().containsOnly("REJECTED_NOT_ELIGIBLE");
                    rejections += outcomes.size();
                }
                default -> assertThat(outcomes).as("a poison message, once per delivery until dead-lettered")
                        .hasSize(maxReceiveCount).containsOnly("MALFORMED");
            }
        }
        // The metrics count the same: what operators alarm on matches what happened.
        assertThat(record.metric("Issued")).isEqualTo(GOOD);
        assertThat(record.metric("RejectedNotEligible")).isEqualTo(rejections)
                .isGreaterThanOrEqualTo(NOT_ELIGIBLE + UNKNOWN);
        assertThat(record.metric("Malformed")).isEqualTo((long) poison.size() * maxReceiveCount);
        assertThat(record.metric("Failed")).isZero();

        // The table: one voucher per good customer, nothing for the others, no item made up for a stranger.
        Map<String, Map<String, AttributeValue>> items = issuer.scan();
        assertThat(items).hasSize(GOOD + NOT_ELIGIBLE);
        assertThat(good).allMatch(key -> items.get(key.value()).containsKey(EligibilityItem.VOUCHER_CODE));
        assertThat(notEligible).noneMatch(key -> items.get(key.value()).containsKey(EligibilityItem.VOUCHER_CODE));
        assertThat(SuiteLog.since(mark)).as("log lines quoting a poison body").noneMatch(l -> l.contains(MARKER));
        TableScan.assertNoPersonalData(issuer.dynamoDb, issuer.table);

        Figures.note("poison: messages", bodies.size() + " in mixed batches: " + GOOD + " good, "
                + (NOT_ELIGIBLE + UNKNOWN) + " for customers not owed one or unknown, " + poison.size()
                + " poison (" + String.join(", ", poison.keySet()) + ")");
        Figures.note("poison: outcome", String.format("drained in %.1f s; %d in the DLQ after %d deliveries each; "
                        + "metrics %s; %s", seconds, deadLetters.size(), maxReceiveCount, record.metricTotals(),
                stats));
    }

    /** Every kind of body the issuer must refuse, by name; built from a good body where that makes it sharper. */
    private static Map<String, String> poison(String good, CustomerKey someone) {
        String key = someone.value();
        String at = Instant.now().toString();
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("truncated JSON", good.substring(0, good.length() / 2));
        bodies.put("not JSON", "hello issuer, " + MARKER);
        bodies.put("JSON array", "[\"" + MARKER + "\", 1, 2]");
        bodies.put("JSON null", "null");
        bodies.put("JSON string", "\"" + MARKER + "\"");
        bodies.put("JSON number", "20270115");
        bodies.put("empty object", "{}");
        bodies.put("version missing", body(null, key, "CUSTOMER_CLAIM", "r1", at));
        bodies.put("version as string", body("\"1\"", key, "CUSTOMER_CLAIM", "r2", at));
        bodies.put("version 2", body("2", key, "CUSTOMER_CLAIM", "r3", at));
        bodies.put("version 0", body("0", key, "CUSTOMER_CLAIM", "r4", at));
        bodies.put("version -1", body("-1", key, "CUSTOMER_CLAIM", "r5", at));
        bodies.put("version 1.5", body("1.5", key, "CUSTOMER_CLAIM", "r6", at));
        // 2^32 + 1 and 2^64 + 1 wrap around to 1 when narrowed to int: an unknown version, not version 1.
        bodies.put("version 2^32+1", body("4294967297", key, "CUSTOMER_CLAIM", "r7", at));
        bodies.put("version 2^64+1", body("18446744073709551617", key, "CUSTOMER_CLAIM", "r8", at));
        bodies.put("key as number", body("1", "12345", "CUSTOMER_CLAIM", "r9", at).replace("\"12345\"", "12345"));
        bodies.put("key too short", body("1", key.substring(1), "CUSTOMER_CLAIM", "r10", at));
        bodies.put("key with a slash", body("1", key.substring(0, 42) + "/", "CUSTOMER_CLAIM", "r11", at));
        bodies.put("raw customer id as key", body("1", Customers.subject("poisonraw", 1), "CUSTOMER_CLAIM", "r12",
                at));
        bodies.put("phone number as key", body("1", "010-4821-7730", "CUSTOMER_CLAIM", "r13", at));
        bodies.put("unknown source", body("1", key, "VIP_UPGRADE", "r14", at));
        bodies.put("source as number", body("1", key, "CUSTOMER_CLAIM", "r15", at)
                .replace("\"CUSTOMER_CLAIM\"", "1"));
        bodies.put("empty request id", body("1", key, "CUSTOMER_CLAIM", "", at));
        bodies.put("request id of 65 characters", body("1", key, "CUSTOMER_CLAIM", "r".repeat(65), at));
        bodies.put("requestedAt not a date", body("1", key, "CUSTOMER_CLAIM", "r16", "yesterday " + MARKER));
        bodies.put("requestedAt as number", body("1", key, "CUSTOMER_CLAIM", "r17", at)
                .replace("\"" + at + "\"", "1795910400"));
        bodies.put("body over the codec's limit", good.substring(0, good.length() - 1) + ",\"pad\":\""
                + MARKER + "x".repeat(5_000) + "\"}");
        bodies.put("huge body (250 KB)", "{\"v\":1,\"pad\":\"" + MARKER + "y".repeat(250_000) + "\"}");
        bodies.put("nested 2,000 deep", "[".repeat(2_000) + "]".repeat(2_000));
        bodies.put("NUL in key", body("1", "\\u0000" + key.substring(1), "CUSTOMER_CLAIM", "r18", at));
        return bodies;
    }

    private static String body(String version, String key, String source, String requestId, String requestedAt) {
        StringBuilder json = new StringBuilder("{");
        if (version != null) {
            json.append("\"v\":").append(version).append(',');
        }
        json.append("\"customerKey\":\"").append(key).append("\",\"source\":\"").append(source)
                .append("\",\"requestId\":\"").append(requestId).append("\",\"requestedAt\":\"").append(requestedAt)
                .append("\"}");
        return json.toString();
    }

    private static void add(List<String> bodies, Map<String, String> kindByBody, String body, String kind) {
        if (kindByBody.put(body, kind) != null) {
            throw new IllegalStateException("two messages with one body: " + kind);
        }
        bodies.add(body);
    }

    private static List<String> drain(EmulatorIssuer issuer, int expected) {
        List<String> bodies = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (bodies.size() < expected && System.nanoTime() < deadline) {
            for (Message message : issuer.sqs.receiveMessage(r -> r.queueUrl(issuer.deadLetterQueueUrl)
                    .maxNumberOfMessages(10).visibilityTimeout(300).waitTimeSeconds(1)).messages()) {
                bodies.add(message.body());
            }
        }
        return bodies;
    }

    private static List<CustomerKey> keys(EmulatorIssuer issuer, String purpose, int count) {
        return IntStream.range(0, count).mapToObj(i -> issuer.key(Customers.subject(purpose, i))).toList();
    }

    private static List<CustomerKey> concat(List<CustomerKey> a, List<CustomerKey> b) {
        List<CustomerKey> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

package kr.compensation.voucher.issuer;

import static kr.compensation.voucher.issuer.IssuerTestData.CLOCK;
import static kr.compensation.voucher.issuer.IssuerTestData.CODEC;
import static kr.compensation.voucher.issuer.IssuerTestData.TERMS;
import static kr.compensation.voucher.issuer.IssuerTestData.customer;
import static kr.compensation.voucher.issuer.IssuerTestData.requestBody;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import kr.compensation.voucher.adapters.logging.JsonLineEncoder;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.IssuanceService;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.TransientFailure;
import kr.compensation.voucher.domain.VoucherCodeGenerator;
import kr.compensation.voucher.domain.testing.InMemoryEligibilityRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Needs nothing running: the store is in memory, metrics and logs are captured. */
class IssueBatchProcessorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InMemoryEligibilityRepository store = new InMemoryEligibilityRepository();
    private final IssuerTestData.CapturedOutput stdout = new IssuerTestData.CapturedOutput();
    private final IssueBatchProcessor processor = new IssueBatchProcessor(
            new IssuanceService(store, new VoucherCodeGenerator(), TERMS, CLOCK), CODEC,
            IssuanceMetrics.writingTo(stdout.stream, CLOCK));

    private final List<String> logLines = new ArrayList<>();
    private final JsonLineEncoder encoder = new JsonLineEncoder();
    private final AppenderBase<ILoggingEvent> logCapture = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            synchronized (logLines) {
                logLines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
            }
        }
    };

    @BeforeEach
    void captureLogs() {
        encoder.start();
        logCapture.start();
        root().addAppender(logCapture);
    }

    @AfterEach
    void releaseLogs() {
        root().detachAppender(logCapture);
    }

    @Test
    @DisplayName("a mixed batch fails exactly its malformed messages; good, duplicate and not-eligible ones are done")
    void process_shouldFailOnlyMalformedMessages_inAMixedBatch() {
        store.load(customer(1), true);
        store.load(customer(2), true);
        store.load(customer(3), false);
        List<QueuedMessage> batch = List.of(
                new QueuedMessage("good-1", requestBody(customer(1), "r1")),
                new QueuedMessage("good-2", requestBody(customer(2), "r2")),
                new QueuedMessage("duplicate-of-1", requestBody(customer(1), "r1")),
                new QueuedMessage("not-eligible", requestBody(customer(3), "r3")),
                new QueuedMessage("unknown-customer", requestBody(customer(4), "r4")),
                new QueuedMessage("malformed", "{\"v\":1,\"customerKey\":\"short\"}"),
                new QueuedMessage("not-json", "hello"),
                new QueuedMessage("future-version", requestBody(customer(1), "r1").replace("\"v\":1", "\"v\":2")),
                new QueuedMessage("null-body", null));

        BatchResult result = processor.process(batch);

        assertThat(result.failedMessageIds()).containsExactly("malformed", "not-json", "future-version", "null-body");
        assertThat(result.count(MessageOutcome.ISSUED)).isEqualTo(2);
        assertThat(result.count(MessageOutcome.ALREADY_ISSUED)).isEqualTo(1);
        assertThat(result.count(MessageOutcome.REJECTED_NOT_ELIGIBLE)).isEqualTo(2);
        assertThat(result.count(MessageOutcome.MALFORMED)).isEqualTo(4);
        assertThat(result.count(MessageOutcome.FAILED)).isZero();
        assertThat(store.voucherOf(customer(1))).isPresent();
        assertThat(store.voucherOf(customer(2))).isPresent();
        assertThat(store.voucherOf(customer(3))).isEmpty();
    }

    @Test
    void process_shouldKeepTheFirstVoucher_whenTheSameRequestArrivesAgain() {
        store.load(customer(1), true);
        processor.process(List.of(new QueuedMessage("m1", requestBody(customer(1), "r1"))));
        var first = store.voucherOf(customer(1)).orElseThrow();

        BatchResult again = processor.process(List.of(new QueuedMessage("m2", requestBody(customer(1), "r1"))));

        assertThat(again.failedMessageIds()).isEmpty();
        assertThat(again.count(MessageOutcome.ALREADY_ISSUED)).isEqualTo(1);
        assertThat(store.voucherOf(customer(1))).contains(first);
    }

    @Test
    @DisplayName("a transient store failure fails only its own message; the rest of the batch is granted")
    void process_shouldFailOnlyTheMessageThatHitATransientFailure() {
        store.load(customer(1), true);
        store.load(customer(2), true);
        store.load(customer(3), true);
        store.failGrantsFor(customer(2), new TransientFailure("UpdateItem(grant) failed transiently", null));

        BatchResult result = processor.process(List.of(
                new QueuedMessage("a", requestBody(customer(1), "r1")),
                new QueuedMessage("b", requestBody(customer(2), "r2")),
                new QueuedMessage("c", requestBody(customer(3), "r3"))));

        assertThat(result.failedMessageIds()).containsExactly("b");
        assertThat(result.count(MessageOutcome.FAILED)).isEqualTo(1);
        assertThat(result.count(MessageOutcome.ISSUED)).isEqualTo(2);
    }

    @Test
    @DisplayName("an unexpected error (a bug, a missing table) fails only its own message, never the batch")
    void process_shouldFailOnlyTheMessageThatHitAnUnexpectedError() {
        store.load(customer(1), true);
        store.load(customer(2), true);
        store.failGrantsFor(customer(1), new IllegalStateException("UpdateItem(grant) failed: table not found"));

        BatchResult result = processor.process(List.of(
                new QueuedMessage("a", requestBody(customer(1), "r1")),
                new QueuedMessage("b", requestBody(customer(2), "r2"))));

        assertThat(result.failedMessageIds()).containsExactly("a");
        assertThat(store.voucherOf(customer(2))).isPresent();
    }

    @Test
    void process_shouldGrantOncePerMessage_withoutReadingFirst() {
        IntStream.range(0, 10).forEach(i -> store.load(customer(i), true));

        processor.process(IntStream.range(0, 10)
                .mapToObj(i -> new QueuedMessage("m" + i, requestBody(customer(i), "r" + i))).toList());

        assertThat(store.grantAttempts()).hasSize(10);
        assertThat(store.otherCalls()).isZero();
    }

    @Test
    @DisplayName("each batch writes one embedded-metric-format line with all six counts")
    void process_shouldPublishOneMetricsLinePerBatch() throws Exception {
        store.load(customer(1), true);

        processor.process(List.of(new QueuedMessage("a", requestBody(customer(1), "r1")),
                new QueuedMessage("b", requestBody(customer(1), "r1")),
                new QueuedMessage("c", "garbage")));

        assertThat(stdout.lines()).hasSize(1);
        JsonNode line = JSON.readTree(stdout.lines()[0]);
        JsonNode directive = line.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("CompensationVoucher");
        assertThat(directive.get("Dimensions").toString()).isEqualTo("[[\"Function\"]]");
        assertThat(directive.get("Metrics").findValuesAsText("Name"))
                .containsExactly("Issued", "AlreadyIssued", "RejectedNotEligible", "Malformed", "Failed", "Deferred");
        assertThat(line.get("Function").asText()).isEqualTo("issuer");
        assertThat(line.get("Issued").asInt()).isEqualTo(1);
        assertThat(line.get("AlreadyIssued").asInt()).isEqualTo(1);
        assertThat(line.get("RejectedNotEligible").asInt()).isZero();
        assertThat(line.get("Malformed").asInt()).isEqualTo(1);
        assertThat(line.get("Failed").asInt()).isZero();
    }

    @Test
    @DisplayName("each message logs its id and outcome, and no line holds a body, a customer key or a voucher code")
    void process_shouldLogMessageIdsAndOutcomesOnly() throws Exception {
        store.load(customer(1), true);
        store.load(customer(2), true);
        store.failGrantsFor(customer(2), new TransientFailure("UpdateItem(grant) failed transiently", null));
        String malformedWithPersonalData = "{\"v\":1,\"customerKey\":\"010-1234-5678\",\"name\":\"Hong Gildong\"}";

        processor.process(List.of(new QueuedMessage("m-issued", requestBody(customer(1), "r1")),
                new QueuedMessage("m-failed", requestBody(customer(2), "r2")),
                new QueuedMessage("m-malformed", malformedWithPersonalData)));

        List<JsonNode> lines = new ArrayList<>();
        for (String line : logLines) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).extracting(l -> l.path("messageId").asText() + "=" + l.path("outcome").asText())
                .containsExactly("m-issued=ISSUED", "m-failed=FAILED", "m-malformed=MALFORMED");
        String all = String.join("", logLines);
        String code = store.voucherOf(customer(1)).orElseThrow().code().value();
        assertThat(all).doesNotContain(customer(1).value(), customer(2).value(), code, "010-1234-5678", "Hong",
                requestBody(customer(1), "r1"));
    }

    @Test
    @DisplayName("with a deadline, messages are started while it allows and the rest are deferred: failed, not granted")
    void process_shouldDeferTheRestOfTheBatch_whenTheDeadlineSaysStop() {
        IntStream.range(0, 5).forEach(i -> store.load(customer(i), true));
        java.util.concurrent.atomic.AtomicLong remaining = new java.util.concurrent.atomic.AtomicLong(10_000);
        // Each read costs 3 s of the invocation: 10, 7, 4 s left; the reserve is 5 s.
        InvocationDeadline deadline = new InvocationDeadline(() -> remaining.getAndAdd(-3_000),
                java.time.Duration.ofSeconds(5));

        BatchResult result = processor.process(IntStream.range(0, 5)
                .mapToObj(i -> new QueuedMessage("m" + i, requestBody(customer(i), "r" + i))).toList(), deadline);

        assertThat(result.failedMessageIds()).containsExactly("m2", "m3", "m4");
        assertThat(result.count(MessageOutcome.ISSUED)).isEqualTo(2);
        assertThat(result.count(MessageOutcome.DEFERRED)).isEqualTo(3);
        assertThat(store.grantAttempts()).containsExactly(customer(0), customer(1));
    }

    @Test
    @DisplayName("without a deadline a whole batch is processed, however long it takes")
    void process_shouldProcessEverything_withoutADeadline() {
        IntStream.range(0, 10).forEach(i -> store.load(customer(i), true));

        BatchResult result = processor.process(IntStream.range(0, 10)
                .mapToObj(i -> new QueuedMessage("m" + i, requestBody(customer(i), "r" + i))).toList());

        assertThat(result.failedMessageIds()).isEmpty();
        assertThat(result.count(MessageOutcome.DEFERRED)).isZero();
    }

    @Test
    void process_shouldAnswerEmptyForAnEmptyBatch() {
        BatchResult result = processor.process(List.of());

        assertThat(result.failedMessageIds()).isEmpty();
        assertThat(stdout.lines()).hasSize(1);
    }

    @Test
    @DisplayName("priming grants to a key no customer can have, publishes no metrics and logs nothing about customers")
    void prime_shouldTouchNoCustomerAndNoMetric() {
        store.load(customer(1), true);

        MessageOutcome outcome = processor.prime();

        assertThat(outcome).isEqualTo(MessageOutcome.REJECTED_NOT_ELIGIBLE);
        assertThat(store.grantAttempts()).containsExactly(IssueBatchProcessor.PRIMING_KEY);
        assertThat(store.voucherOf(customer(1))).isEmpty();
        assertThat(stdout.text()).isEmpty();
    }

    @Test
    @DisplayName("the priming key can never be a customer's: HMAC-SHA256 keys never end in its last character")
    void primingKey_shouldBeOutsideWhatTheHasherCanProduce() {
        Set<Character> lastCharacters = IntStream.range(0, 20_000)
                .mapToObj(i -> IssuerTestData.HASHER.keyOf(IssuerRole.values()[i % 2], "subject-" + i).value())
                .map(key -> key.charAt(key.length() - 1))
                .collect(Collectors.toSet());
        String primingKey = IssueBatchProcessor.PRIMING_KEY.value();

        assertThat(lastCharacters).hasSize(16).doesNotContain(primingKey.charAt(primingKey.length() - 1));
        assertThat(CustomerKey.isWellFormed(primingKey)).isTrue();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}

package kr.compensation.voucher.issuer;

import static kr.compensation.voucher.issuer.IssuerTestData.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.crac.OrderedResource;
import io.micronaut.crac.test.CheckpointSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.TransientFailure;
import kr.compensation.voucher.domain.Voucher;
import kr.compensation.voucher.domain.testing.InMemoryEligibilityRepository;
import kr.compensation.voucher.locallambda.LocalLambdaContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Needs nothing running: the real handler and wiring in the "fake-store" environment (in-memory store, captured
 * metrics), fed with SQS event fixtures shaped exactly as Lambda delivers them.
 */
class IssuerHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IssuerHandler handler = new IssuerHandler(ApplicationContext.builder()
            .environments("test", FakeStoreFactory.FAKE_STORE, CapturedMetricsFactory.CAPTURED_METRICS)
            .deduceEnvironment(false)
            .properties(IssuerTestData.properties("EligibilityTable")));
    private final InMemoryEligibilityRepository store =
            handler.getApplicationContext().getBean(InMemoryEligibilityRepository.class);
    private final IssuerTestData.CapturedOutput metrics =
            handler.getApplicationContext().getBean(IssuerTestData.CapturedOutput.class);

    /** A Lambda context whose remaining time each test then states, so it needs no clock to run down. */
    private static LocalLambdaContext invocation() {
        return new LocalLambdaContext("IssuerFunction", "ap-northeast-2", Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        handler.close();
    }

    @ParameterizedTest
    @Event(value = "events/sqs-mixed-batch.json", type = SQSEvent.class)
    @DisplayName("a batch of good, duplicate, not-eligible, malformed and unknown-version messages fails exactly the last two")
    void execute_shouldReportExactlyTheMalformedMessages(SQSEvent event) {
        store.load(customer(1), true);
        store.load(customer(2), true);
        store.load(customer(3), false);

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("6b1c1f5e-0005-4d0e-9a53-000000000005", "6b1c1f5e-0006-4d0e-9a53-000000000006");
        assertThat(store.voucherOf(customer(1))).isPresent();
        assertThat(store.voucherOf(customer(2))).isPresent();
        assertThat(store.voucherOf(customer(3))).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "events/sqs-one-request.json", type = SQSEvent.class)
    @DisplayName("a granted voucher carries the configured amount and validity, the source and the request id")
    void execute_shouldGrantTheConfiguredVoucher(SQSEvent event) throws Exception {
        store.load(customer(1), true);

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        Voucher voucher = store.voucherOf(customer(1)).orElseThrow();
        assertThat(voucher.value().amount()).isEqualTo(50_000);
        assertThat(voucher.value().currency()).isEqualTo("KRW");
        assertThat(voucher.expiresAt()).isEqualTo(voucher.issuedAt().plus(java.time.Duration.ofDays(365)));
        assertThat(voucher.source()).isEqualTo(IssueSource.CUSTOMER_CLAIM);
        assertThat(voucher.requestId()).isEqualTo("claim-1");
        JsonNode line = JSON.readTree(metrics.lines()[0]);
        assertThat(line.get("Issued").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @Event(value = "events/sqs-ops-bulk-batch-of-ten.json", type = SQSEvent.class)
    void execute_shouldGrantAFullBatchOfOpsBulkRequests(SQSEvent event) {
        IntStream.range(10, 20).forEach(n -> store.load(customer(n), true));

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(IntStream.range(10, 20).mapToObj(n -> store.voucherOf(customer(n))))
                .allSatisfy(v -> assertThat(v).hasValueSatisfying(x -> assertThat(x.source()).isEqualTo(IssueSource.OPS_BULK)));
        assertThat(metrics.lines()).hasSize(1);
    }

    @ParameterizedTest
    @Event(value = "events/sqs-ops-bulk-batch-of-ten.json", type = SQSEvent.class)
    @DisplayName("when the remaining time falls below the DynamoDB call timeout plus the margin, the handler stops and "
            + "returns every message not started, in batch order, and counts them Deferred")
    void execute_shouldReturnTheRestOfTheBatch_whenTheDeadlineComes(SQSEvent event) throws Exception {
        IntStream.range(10, 20).forEach(n -> store.load(customer(n), true));
        // Each grant takes 6 s of the invocation: 31, 25, 19, 13, 7 s left before messages 1-5, then 1 s. The reserve
        // is the 6 s call timeout + 1 s margin, so exactly 7,000 ms left still starts the fifth message.
        LocalLambdaContext context = invocation().withRemainingTime(() -> 31_000 - 6_000 * store.grantAttempts().size());

        SQSBatchResponse response = handler.handleRequest(event, context);

        List<String> ids = event.getRecords().stream().map(SQSEvent.SQSMessage::getMessageId).toList();
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactlyElementsOf(ids.subList(5, 10));
        assertThat(IntStream.range(10, 15).mapToObj(n -> store.voucherOf(customer(n)))).allMatch(v -> v.isPresent());
        assertThat(IntStream.range(15, 20).mapToObj(n -> store.voucherOf(customer(n)))).allMatch(v -> v.isEmpty());
        JsonNode line = JSON.readTree(metrics.lines()[0]);
        assertThat(line.get("Issued").asInt()).isEqualTo(5);
        assertThat(line.get("Deferred").asInt()).isEqualTo(5);
        assertThat(line.get("Failed").asInt()).isZero();
    }

    @ParameterizedTest
    @Event(value = "events/sqs-ops-bulk-batch-of-ten.json", type = SQSEvent.class)
    @DisplayName("an invocation that starts with less than the reserve left grants nothing and returns the whole batch")
    void execute_shouldStartNothing_whenTheInvocationBeginsPastTheDeadline(SQSEvent event) {
        IntStream.range(10, 20).forEach(n -> store.load(customer(n), true));

        SQSBatchResponse response = handler.handleRequest(event, invocation().withRemainingTime(6_999));

        assertThat(response.getBatchItemFailures()).hasSize(10);
        assertThat(store.grantAttempts()).isEmpty();
    }

    @ParameterizedTest
    @Event(value = "events/sqs-ops-bulk-batch-of-ten.json", type = SQSEvent.class)
    void execute_shouldProcessTheWholeBatch_whileTheReserveIsLeft(SQSEvent event) {
        IntStream.range(10, 20).forEach(n -> store.load(customer(n), true));

        SQSBatchResponse response = handler.handleRequest(event, invocation().withRemainingTime(7_000));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(store.grantAttempts()).hasSize(10);
    }

    @ParameterizedTest
    @Event(value = "events/sqs-one-request.json", type = SQSEvent.class)
    @DisplayName("a context from an earlier invocation is never reused: a direct call after it runs without a deadline")
    void execute_shouldForgetTheContext_afterTheInvocation(SQSEvent event) {
        store.load(customer(1), true);
        handler.handleRequest(event, invocation().withRemainingTime(1));

        SQSBatchResponse response = handler.execute(event);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(store.voucherOf(customer(1))).isPresent();
    }

    @ParameterizedTest
    @Event(value = "events/sqs-one-request.json", type = SQSEvent.class)
    void execute_shouldReportTheMessage_whenTheStoreIsThrottled(SQSEvent event) {
        store.load(customer(1), true);
        store.failGrantsFor(customer(1), new TransientFailure("UpdateItem(grant) failed transiently", null));

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("6b1c1f5e-0101-4d0e-9a53-000000000101");
    }

    @Test
    void execute_shouldAnswerNoFailures_forAnEventWithoutRecords() {
        SQSEvent empty = new SQSEvent();
        empty.setRecords(List.of());

        assertThat(handler.handleRequest(empty, null).getBatchItemFailures()).isEmpty();
    }

    @Test
    @DisplayName("only a broken invocation throws, so that Lambda returns the whole batch")
    void execute_shouldThrow_forAnEventWithoutARecordList() {
        assertThatThrownBy(() -> handler.handleRequest(new SQSEvent(), null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("the priming resource is registered with CRaC")
    void priming_shouldBeRegistered() {
        assertThat(handler.getApplicationContext().getBeansOfType(OrderedResource.class))
                .hasAtLeastOneElementOfType(IssuerPriming.class);
    }

    @Test
    @DisplayName("before the checkpoint it makes one grant attempt on the synthetic key: no customer, no voucher, no metric")
    void beforeCheckpoint_shouldPrimeWithOneHarmlessGrantAttempt() {
        store.load(customer(1), true);

        handler.getApplicationContext().getBean(CheckpointSimulator.class).runBeforeCheckpoint();

        assertThat(store.grantAttempts()).containsExactly(IssueBatchProcessor.PRIMING_KEY);
        assertThat(store.keys()).containsExactly(customer(1));
        assertThat(store.voucherOf(customer(1))).isEmpty();
        assertThat(metrics.text()).isEmpty();
    }

    @Test
    @DisplayName("a store that cannot be reached does not block the snapshot")
    void beforeCheckpoint_shouldNotFail_whenTheStoreIsUnavailable() {
        store.failGrantsFor(IssueBatchProcessor.PRIMING_KEY, new TransientFailure("UpdateItem failed transiently", null));

        assertThatCode(() -> handler.getApplicationContext().getBean(CheckpointSimulator.class).runBeforeCheckpoint())
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @Event(value = "events/sqs-one-request.json", type = SQSEvent.class)
    void afterRestore_shouldServeAsBefore(SQSEvent event) {
        CheckpointSimulator simulator = handler.getApplicationContext().getBean(CheckpointSimulator.class);
        simulator.runBeforeCheckpoint();
        simulator.runAfterRestore();
        store.load(customer(1), true);

        assertThat(handler.handleRequest(event, null).getBatchItemFailures()).isEmpty();
        assertThat(store.voucherOf(customer(1))).isPresent();
    }

    @Test
    @DisplayName("a deployment without TABLE_NAME or VOUCHER_VALIDITY_DAYS fails at init, naming the variable")
    void constructor_shouldFail_whenConfigurationIsMissing() {
        Map<String, Object> noTable = IssuerTestData.properties("");
        assertThatThrownBy(() -> new IssuerHandler(ApplicationContext.builder()
                .environments("test", FakeStoreFactory.FAKE_STORE).deduceEnvironment(false).properties(noTable)))
                .hasStackTraceContaining("TABLE_NAME");

        Map<String, Object> noValidity = IssuerTestData.properties("EligibilityTable");
        noValidity.remove("voucher.validity-days");
        assertThatThrownBy(() -> new IssuerHandler(ApplicationContext.builder()
                .environments("test", FakeStoreFactory.FAKE_STORE).deduceEnvironment(false).properties(noValidity)))
                .hasStackTraceContaining("VOUCHER_VALIDITY_DAYS");
    }
}

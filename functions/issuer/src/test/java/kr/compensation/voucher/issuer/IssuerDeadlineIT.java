package kr.compensation.voucher.issuer;

import static kr.compensation.voucher.issuer.CapturedMetricsFactory.capturingHandler;
import static kr.compensation.voucher.issuer.CapturedMetricsFactory.metricsOf;
import static kr.compensation.voucher.issuer.IssuerTestData.customer;
import static kr.compensation.voucher.issuer.IssuerTestData.requestBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.issuer.testing.EmulatorIssuer;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import kr.compensation.voucher.locallambda.EventSourceMappingSettings;
import kr.compensation.voucher.locallambda.QueueState;
import kr.compensation.voucher.locallambda.SqsEventSourceMapping;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Needs the local AWS emulator with template.yaml's table and queues. DynamoDB is slowed as a throttled table on
 * opening day is (an SDK interceptor on the issuer's own client): every grant's first attempt takes 1.5 s and ends in
 * ThrottlingException, the SDK backs off and its retry takes another 1.5 s. Ten such grants take longer than
 * IssuerFunction's Timeout (read from template.yaml), so without the deadline every batch would time out, every message
 * in it would count a receive, and good claims would reach the dead-letter queue.
 */
@WithLocalAws
class IssuerDeadlineIT {

    private static final int CUSTOMERS = 20;
    private static final Duration SLOW_ATTEMPT = Duration.ofMillis(1_500);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("against a throttled, slow table, no invocation overruns the template's Timeout, every customer gets "
            + "exactly one voucher, and no good message reaches the dead-letter queue")
    void noInvocationTimesOut_andNothingIsLostOrDuplicated_whenDynamoDbIsSlow(LocalAws aws) throws Exception {
        Duration timeout = IssuerFunctionTimeout.fromTemplate();
        EmulatorIssuer issuer = EmulatorIssuer.afterReset(aws);
        List<CustomerKey> customers = IntStream.range(0, CUSTOMERS).mapToObj(IssuerTestData::customer).toList();
        issuer.load(customers, true);
        DynamoDbTraffic traffic = new DynamoDbTraffic().slowDown(attempt ->
                new DynamoDbTraffic.Slowness(SLOW_ATTEMPT, attempt == 1));
        List<Duration> invocations = new CopyOnWriteArrayList<>();

        SqsEventSourceMapping.Stats stats;
        List<JsonNode> metricsLines = new ArrayList<>();
        try (IssuerHandler handler = capturingHandler(issuer, traffic)) {
            RequestHandler<SQSEvent, SQSBatchResponse> timed = (event, context) -> {
                long started = System.nanoTime();
                try {
                    return handler.handleRequest(event, context);
                } finally {
                    invocations.add(Duration.ofNanos(System.nanoTime() - started));
                }
            };
            // The visibility timeout is shortened from the template's 190 s so that returned messages come back within
            // the test, but kept above the function's Timeout, as AWS requires, so no message reappears in flight.
            try (SqsEventSourceMapping mapping = SqsEventSourceMapping.forRequestHandler(issuer.sqs, timed,
                    EventSourceMappingSettings.of(issuer.queueUrl).withFunctionName("issuer").withWorkers(2)
                            .withFunctionTimeout(timeout).withVisibilityTimeout(timeout.plusSeconds(1))).start()) {
                issuer.send(customers.stream().map(c -> requestBody(c, "claim-" + c.value().substring(0, 8))).toList());
                assertThat(QueueState.awaitMessages(issuer.sqs, issuer.queueUrl, 0, EmulatorIssuer.PATIENCE)).isTrue();
                mapping.stop();
                stats = mapping.stats();
            }
            for (String line : metricsOf(handler).lines()) {
                metricsLines.add(JSON.readTree(line));
            }
        }

        long cutShort = metricsLines.stream().filter(line -> line.get("Deferred").asInt() > 0).count();
        int deferred = metricsLines.stream().mapToInt(line -> line.get("Deferred").asInt()).sum();
        int issued = metricsLines.stream().mapToInt(line -> line.get("Issued").asInt()).sum();
        Duration longest = invocations.stream().max(Duration::compareTo).orElseThrow();
        Duration total = invocations.stream().reduce(Duration.ZERO, Duration::plus);
        System.out.printf("IssuerDeadlineIT: Timeout %d s, %d invocations, %d cut short by the deadline, %d messages "
                        + "deferred, longest invocation %d ms, %d grants throttled slowly%n", timeout.toSeconds(),
                invocations.size(), cutShort, deferred, longest.toMillis(), traffic.throttledSlowly());

        // The slowdown was real: at this pace a whole batch of ten would have overrun the timeout.
        assertThat(traffic.throttledSlowly()).isGreaterThanOrEqualTo(CUSTOMERS);
        assertThat(total.dividedBy(issued).multipliedBy(10)).isGreaterThan(timeout);
        // The deadline cut batches short, and no invocation overran.
        assertThat(cutShort).isPositive();
        assertThat(longest).isLessThan(timeout);
        assertThat(stats.wholeBatchFailures()).isZero();
        // Exactly one accepted write per customer, and the item holds that write's code.
        traffic.assertOneAcceptedWriteEach(customers, issuer.scan());
        assertThat(issued).isEqualTo(CUSTOMERS);
        assertThat(QueueState.messagesIn(issuer.sqs, issuer.deadLetterQueueUrl)).isZero();
    }
}

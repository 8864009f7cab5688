package kr.compensation.voucher.issuer;

import static kr.compensation.voucher.issuer.CapturedMetricsFactory.capturingHandler;
import static kr.compensation.voucher.issuer.CapturedMetricsFactory.metricsOf;
import static kr.compensation.voucher.issuer.IssuerTestData.customer;
import static kr.compensation.voucher.issuer.IssuerTestData.requestBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.issuer.testing.EmulatorIssuer;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import kr.compensation.voucher.locallambda.LocalLambdaContext;
import kr.compensation.voucher.locallambda.QueueState;
import kr.compensation.voucher.locallambda.SqsEventSourceMapping;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Needs the local AWS emulator with template.yaml's table and queues. DynamoDB breaks on purpose (an SDK interceptor
 * on the issuer's own client): before requests are sent, and after a write succeeded but before its response is
 * read. Nothing may be lost and nothing duplicated.
 */
@WithLocalAws
class TransientFailuresIT {

    private static final int CUSTOMERS = 300;

    @Test
    @DisplayName("with a quarter of writes broken before sending and a quarter of responses lost after writing, "
            + "every customer ends with exactly one voucher: the one the store accepted")
    void noVoucherIsLostOrDuplicated_whenDynamoDbFailsTransiently(LocalAws aws) throws Exception {
        EmulatorIssuer issuer = EmulatorIssuer.afterReset(aws);
        List<CustomerKey> customers = IntStream.range(0, CUSTOMERS).mapToObj(IssuerTestData::customer).toList();
        issuer.load(customers, true);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            bodies.add(requestBody(customer(i), "claim-" + i));
            bodies.add(requestBody(customer(i), "claim-" + i));
        }
        Collections.shuffle(bodies, new Random(7));
        Random faults = new Random(11);
        DynamoDbTraffic traffic = new DynamoDbTraffic()
                .breakBeforeSend(attempt -> chance(faults, 0.25))
                .loseResponseAfterWrite(write -> chance(faults, 0.25));

        SqsEventSourceMapping.Stats stats;
        try (IssuerHandler handler = capturingHandler(issuer, traffic);
             SqsEventSourceMapping mapping = issuer.mapping(handler, 3, Duration.ofSeconds(2)).start()) {
            issuer.feed(bodies, mapping, 100);
            assertThat(QueueState.awaitMessages(issuer.sqs, issuer.queueUrl, 0, EmulatorIssuer.PATIENCE)).isTrue();
            mapping.stop();
            stats = mapping.stats();
        }

        // The faults really happened, on both sides of the write, and some outlived the SDK's own retries.
        assertThat(traffic.brokenBeforeSend()).isPositive();
        assertThat(traffic.brokenAfterWrite()).isPositive();
        assertThat(stats.returned()).as("messages whose failure reached the handler and were delivered again")
                .isPositive();
        // Exactly one accepted write per customer, and the item holds that write's code.
        traffic.assertOneAcceptedWriteEach(customers, issuer.scan());
        assertThat(QueueState.messagesIn(issuer.sqs, issuer.deadLetterQueueUrl)).isZero();
    }

    @Test
    @DisplayName("response lost after the write, SDK retry finds the condition failed on our own voucher: counted "
            + "Issued, not failed, not duplicate")
    void lostResponse_thenSdkRetry_isOneIssuedVoucher(LocalAws aws) {
        EmulatorIssuer issuer = EmulatorIssuer.afterReset(aws);
        issuer.load(List.of(customer(1)), true);
        DynamoDbTraffic traffic = new DynamoDbTraffic().loseResponseAfterWrite(write -> write == 1);

        SQSBatchResponse response;
        String metricsLine;
        try (IssuerHandler handler = capturingHandler(issuer, traffic)) {
            response = invoke(handler, "m-1", requestBody(customer(1), "claim-1"));
            metricsLine = metricsOf(handler).text();
        }

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(traffic.brokenAfterWrite()).isEqualTo(1);
        assertThat(traffic.sent("UpdateItem")).isEqualTo(2);
        assertThat(traffic.successfulWrites()).hasSize(1);
        assertThat(issuer.item(customer(1)).get(EligibilityItem.VOUCHER_CODE).s())
                .isEqualTo(traffic.successfulWrites().getFirst().voucherCode());
        assertThat(metricsLine).contains("\"Issued\":1").contains("\"AlreadyIssued\":0").contains("\"Failed\":0");
    }

    @Test
    @DisplayName("response lost after the write and every SDK retry broken: the message fails, its redelivery finds "
            + "the first voucher, nothing is written twice")
    void lostResponse_thenFailedRetries_isRedeliveredAndKeepsTheFirstVoucher(LocalAws aws) {
        EmulatorIssuer issuer = EmulatorIssuer.afterReset(aws);
        issuer.load(List.of(customer(1)), true);
        DynamoDbTraffic traffic = new DynamoDbTraffic()
                .loseResponseAfterWrite(write -> write == 1)
                // Attempt 1 writes; every SDK retry of that call breaks before it leaves, until the SDK gives up.
                .breakBeforeSend(attempt -> attempt >= 2);

        SQSBatchResponse first;
        SQSBatchResponse redelivery;
        try (IssuerHandler handler = capturingHandler(issuer, traffic)) {
            first = invoke(handler, "m-1", requestBody(customer(1), "claim-1"));
            traffic.breakBeforeSend(DynamoDbTraffic.FaultPlan.never());
            redelivery = invoke(handler, "m-1", requestBody(customer(1), "claim-1"));
        }

        assertThat(first.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-1");
        assertThat(redelivery.getBatchItemFailures()).isEmpty();
        assertThat(traffic.brokenBeforeSend()).as("the SDK retried the lost write before giving up").isPositive();
        // The lost write and the redelivery's failed condition: the only two requests that reached the table.
        assertThat(traffic.sent("UpdateItem")).isEqualTo(2);
        assertThat(traffic.successfulWrites()).hasSize(1);
        assertThat(issuer.item(customer(1)).get(EligibilityItem.VOUCHER_CODE).s())
                .isEqualTo(traffic.successfulWrites().getFirst().voucherCode());
    }

    private static SQSBatchResponse invoke(IssuerHandler handler, String messageId, String body) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(messageId);
        record.setBody(body);
        record.setEventSource("aws:sqs");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record));
        return handler.handleRequest(event, new LocalLambdaContext("issuer", "ap-northeast-2", Duration.ofSeconds(30)));
    }

    private static boolean chance(Random random, double probability) {
        synchronized (random) {
            return random.nextDouble() < probability;
        }
    }
}

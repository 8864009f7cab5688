package kr.compensation.voucher.issuer;

import static kr.compensation.voucher.issuer.CapturedMetricsFactory.capturingHandler;
import static kr.compensation.voucher.issuer.IssuerTestData.customer;
import static kr.compensation.voucher.issuer.IssuerTestData.requestBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.issuer.testing.EmulatorIssuer;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import kr.compensation.voucher.locallambda.EventSourceMappingSettings;
import kr.compensation.voucher.locallambda.LocalLambdaContext;
import kr.compensation.voucher.locallambda.QueueState;
import kr.compensation.voucher.locallambda.SqsEventSourceMapping;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Needs the local AWS emulator with template.yaml's table and queues. A batch mixing good, duplicate, malformed and
 * not-eligible messages, first handed to the handler directly, then through the queue and its redrive policy.
 */
@WithLocalAws
class MixedBatchIT {

    @Test
    @DisplayName("the handler answers exactly the malformed messages of a mixed batch, against the real table")
    void handler_shouldReportExactlyTheMalformedMessages(LocalAws aws) {
        EmulatorIssuer issuer = EmulatorIssuer.afterReset(aws);
        issuer.load(List.of(customer(1), customer(2)), true);
        issuer.load(List.of(customer(3)), false);
        Map<String, AttributeValue> notEligibleBefore = issuer.item(customer(3));
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-mixed-batch.json");

        SQSBatchResponse response;
        try (IssuerHandler handler = capturingHandler(issuer, new DynamoDbTraffic())) {
            response = handler.handleRequest(event, new LocalLambdaContext("issuer", "ap-northeast-2", Duration.ofSeconds(30)));
        }

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("6b1c1f5e-0005-4d0e-9a53-000000000005", "6b1c1f5e-0006-4d0e-9a53-000000000006");
        assertThat(issuer.item(customer(1))).containsKey(EligibilityItem.VOUCHER_CODE);
        assertThat(issuer.item(customer(2))).containsKey(EligibilityItem.VOUCHER_CODE);
        assertThat(issuer.item(customer(3))).isEqualTo(notEligibleBefore);
        // The unknown-version message named customer 4, who was never loaded: no item appeared for them.
        assertThat(issuer.item(customer(4))).isEmpty();
    }

    @Test
    @DisplayName("through the queue: good and duplicate messages are granted once, not-eligible ones are dropped, "
            + "malformed ones reach the DLQ after maxReceiveCount receives")
    void queue_shouldMoveOnlyMalformedMessagesToTheDeadLetterQueue(LocalAws aws) {
        EmulatorIssuer issuer = EmulatorIssuer.afterReset(aws);
        int maxReceiveCount = QueueState.maxReceiveCount(issuer.sqs, issuer.queueUrl);
        issuer.load(List.of(customer(1), customer(2)), true);
        issuer.load(List.of(customer(3)), false);
        String malformed = "{\"v\":1,\"customerKey\":\"not-a-key\"}";
        String unknownVersion = requestBody(customer(2), "claim-2").replace("\"v\":1", "\"v\":9");
        issuer.send(List.of(requestBody(customer(1), "claim-1"), requestBody(customer(1), "claim-1"),
                requestBody(customer(2), "claim-2"), requestBody(customer(3), "claim-3"), malformed, unknownVersion));
        Map<String, List<Integer>> receiveCounts = new ConcurrentHashMap<>();
        List<String> failuresAnswered = new CopyOnWriteArrayList<>();

        try (IssuerHandler handler = capturingHandler(issuer, new DynamoDbTraffic());
             SqsEventSourceMapping mapping = SqsEventSourceMapping.forFunction(issuer.sqs, event -> {
                 event.getRecords().forEach(r -> receiveCounts.computeIfAbsent(r.getBody(), b -> new CopyOnWriteArrayList<>())
                         .add(Integer.parseInt(r.getAttributes().get("ApproximateReceiveCount"))));
                 SQSBatchResponse response = handler.handleRequest(event,
                         new LocalLambdaContext("issuer", "ap-northeast-2", Duration.ofSeconds(30)));
                 response.getBatchItemFailures().forEach(f -> failuresAnswered.add(f.getItemIdentifier()));
                 return response;
             }, EventSourceMappingSettings.of(issuer.queueUrl).withWorkers(2)
                     .withVisibilityTimeout(Duration.ofSeconds(1))).start()) {
            assertThat(QueueState.awaitMessages(issuer.sqs, issuer.deadLetterQueueUrl, 2, EmulatorIssuer.PATIENCE)).isTrue();
            assertThat(QueueState.awaitMessages(issuer.sqs, issuer.queueUrl, 0, EmulatorIssuer.PATIENCE)).isTrue();
            // Two grants, one duplicate, one not eligible: all four done with and deleted.
            assertThat(mapping.stats().deleted()).isGreaterThanOrEqualTo(4);
        }

        List<String> deadLetters = new ArrayList<>();
        for (Message message : issuer.sqs.receiveMessage(r -> r.queueUrl(issuer.deadLetterQueueUrl)
                .maxNumberOfMessages(10)).messages()) {
            deadLetters.add(message.body());
        }
        assertThat(deadLetters).containsExactlyInAnyOrder(malformed, unknownVersion);
        // A standard queue delivers at least once and may hand out one message to two receivers (Amazon SQS
        // Developer Guide, "Amazon SQS standard queues": standard-queues.html); moto does that under concurrent
        // receives, counting both. What holds either way: each bad message was received until its receive count
        // reached maxReceiveCount, never beyond, and every delivery of it was answered as a failure.
        for (String bad : List.of(malformed, unknownVersion)) {
            assertThat(receiveCounts.get(bad)).as("receive counts of %s", bad).isSorted()
                    .hasSizeGreaterThanOrEqualTo(maxReceiveCount - 1).last().isEqualTo(maxReceiveCount);
        }
        assertThat(receiveCounts.get(requestBody(customer(3), "claim-3"))).as("a not-eligible request, dropped")
                .hasSizeLessThanOrEqualTo(2).allMatch(count -> count <= 2);
        assertThat(failuresAnswered).hasSize(receiveCounts.get(malformed).size()
                + receiveCounts.get(unknownVersion).size());
        assertThat(issuer.item(customer(1))).containsKey(EligibilityItem.VOUCHER_CODE);
        assertThat(issuer.item(customer(2))).containsKey(EligibilityItem.VOUCHER_CODE);
        assertThat(issuer.item(customer(3))).doesNotContainKey(EligibilityItem.VOUCHER_CODE);
    }
}

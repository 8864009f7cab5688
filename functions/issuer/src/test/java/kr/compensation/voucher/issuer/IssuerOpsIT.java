package kr.compensation.voucher.issuer;

import static kr.compensation.voucher.issuer.CapturedMetricsFactory.capturingHandler;
import static kr.compensation.voucher.issuer.IssuerTestData.requestBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.issuer.testing.EmulatorIssuer;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import kr.compensation.voucher.locallambda.DeadLetterRedrive;
import kr.compensation.voucher.locallambda.QueueState;
import kr.compensation.voucher.locallambda.SqsEventSourceMapping;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Needs the local AWS emulator with template.yaml's table and queues. The two controls ops have without a redeploy:
 * pausing issuance (in AWS: disabling the event source mapping) and redriving the dead-letter queue after a fix (in
 * AWS: start-message-move-task; here local-lambda's DeadLetterRedrive). See infra/local/lambda/README.md.
 */
@WithLocalAws
class IssuerOpsIT {

    @Test
    @DisplayName("while paused, requests wait in the queue and nothing is issued; after resume all are issued")
    void pause_shouldHoldIssuanceWithoutLosingRequests(LocalAws aws) throws Exception {
        EmulatorIssuer issuer = EmulatorIssuer.afterReset(aws);
        List<CustomerKey> customers = IntStream.range(0, 20).mapToObj(IssuerTestData::customer).toList();
        issuer.load(customers, true);
        DynamoDbTraffic traffic = new DynamoDbTraffic();

        try (IssuerHandler handler = capturingHandler(issuer, traffic);
             SqsEventSourceMapping mapping = issuer.mapping(handler, 2, Duration.ofSeconds(30)).start()) {
            mapping.pause();
            issuer.send(customers.stream().map(c -> requestBody(c, "claim")).toList());
            // Two long-poll rounds of every worker: a mapping that still polled would have taken the messages.
            Thread.sleep(Duration.ofSeconds(3));

            assertThat(QueueState.messagesIn(issuer.sqs, issuer.queueUrl)).isEqualTo(customers.size());
            assertThat(traffic.sent("UpdateItem")).isZero();
            assertThat(customers).allSatisfy(c ->
                    assertThat(issuer.item(c)).doesNotContainKey(EligibilityItem.VOUCHER_CODE));

            mapping.resume();

            assertThat(QueueState.awaitMessages(issuer.sqs, issuer.queueUrl, 0, EmulatorIssuer.PATIENCE)).isTrue();
        }
        assertThat(customers).allSatisfy(c -> assertThat(issuer.item(c)).containsKey(EligibilityItem.VOUCHER_CODE));
        assertThat(traffic.successfulWrites()).hasSize(customers.size());
    }

    @Test
    @DisplayName("requests that failed into the DLQ (a wrong table name) are all issued once after the fix and a redrive")
    void redrive_shouldIssueWhatFailedIntoTheDeadLetterQueue_afterTheFix(LocalAws aws) {
        EmulatorIssuer issuer = EmulatorIssuer.afterReset(aws);
        List<CustomerKey> customers = IntStream.range(0, 12).mapToObj(IssuerTestData::customer).toList();
        issuer.load(customers, true);
        issuer.send(customers.stream().map(c -> requestBody(c, "claim")).toList());

        // The broken deployment: every grant fails permanently, each message is retried until the DLQ takes it.
        try (IssuerHandler broken = capturingHandler(issuer, "no-such-table", new DynamoDbTraffic());
             SqsEventSourceMapping mapping = issuer.mapping(broken, 2, Duration.ofSeconds(1)).start()) {
            assertThat(QueueState.awaitMessages(issuer.sqs, issuer.deadLetterQueueUrl, customers.size(),
                    EmulatorIssuer.PATIENCE)).isTrue();
            assertThat(QueueState.awaitMessages(issuer.sqs, issuer.queueUrl, 0, EmulatorIssuer.PATIENCE)).isTrue();
            assertThat(mapping.stats().deleted()).isZero();
        }
        assertThat(customers).allSatisfy(c -> assertThat(issuer.item(c)).doesNotContainKey(EligibilityItem.VOUCHER_CODE));

        // The fix is deployed, then ops redrive the dead-letter queue.
        DynamoDbTraffic traffic = new DynamoDbTraffic();
        try (IssuerHandler fixed = capturingHandler(issuer, traffic);
             SqsEventSourceMapping mapping = issuer.mapping(fixed, 2, Duration.ofSeconds(30)).start()) {
            DeadLetterRedrive.Result moved = new DeadLetterRedrive(issuer.sqs)
                    .redrive(issuer.deadLetterQueueUrl, issuer.queueUrl, 1_000);

            assertThat(moved).isEqualTo(new DeadLetterRedrive.Result(customers.size(), 0, 0));
            assertThat(QueueState.awaitMessages(issuer.sqs, issuer.queueUrl, 0, EmulatorIssuer.PATIENCE)).isTrue();
            assertThat(mapping.stats().returned()).isZero();
        }
        assertThat(QueueState.messagesIn(issuer.sqs, issuer.deadLetterQueueUrl)).isZero();
        assertThat(customers).allSatisfy(c -> assertThat(issuer.item(c)).containsKey(EligibilityItem.VOUCHER_CODE));
        assertThat(traffic.successfulWrites()).hasSize(customers.size());
    }
}

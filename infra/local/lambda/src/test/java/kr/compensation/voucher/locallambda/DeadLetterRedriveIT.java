package kr.compensation.voucher.locallambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kr.compensation.voucher.localaws.LocalAws;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

/** Needs the local AWS emulator with template.yaml's IssueRequestQueue and its dead-letter queue. */
class DeadLetterRedriveIT extends EmptiedIssueQueues {

    DeadLetterRedriveIT(LocalAws aws) {
        super(aws);
    }

    @Test
    void redrive_shouldMoveEveryMessageBackToTheSourceQueueWithBodyAndAttributes() {
        for (int i = 0; i < 23; i++) {
            int n = i;
            sqs.sendMessage(r -> r.queueUrl(deadLetterQueueUrl).messageBody("dead " + n).messageAttributes(Map.of(
                    "origin", MessageAttributeValue.builder().dataType("String").stringValue("test").build())));
        }

        DeadLetterRedrive.Result result = new DeadLetterRedrive(sqs).redrive(deadLetterQueueUrl, queueUrl, 1_000);

        assertThat(result).isEqualTo(new DeadLetterRedrive.Result(23, 0, 0));
        assertThat(QueueState.messagesIn(sqs, deadLetterQueueUrl)).isZero();
        List<Message> back = receiveAll(queueUrl);
        assertThat(back).extracting(Message::body).hasSize(23).doesNotHaveDuplicates().allMatch(b -> b.startsWith("dead "));
        assertThat(back).allSatisfy(m -> assertThat(m.messageAttributes().get("origin").stringValue()).isEqualTo("test"));
    }

    @Test
    void redrive_shouldStopAtTheLimit() {
        for (int i = 0; i < 12; i++) {
            sqs.sendMessage(r -> r.queueUrl(deadLetterQueueUrl).messageBody("dead"));
        }

        DeadLetterRedrive.Result result = new DeadLetterRedrive(sqs).redrive(deadLetterQueueUrl, queueUrl, 5);

        assertThat(result.moved()).isEqualTo(5);
        assertThat(QueueState.messagesIn(sqs, queueUrl)).isEqualTo(5);
        assertThat(QueueState.messagesIn(sqs, deadLetterQueueUrl)).isEqualTo(7);
    }

    @Test
    void redrive_shouldDeleteNothingFromTheDeadLetterQueue_whenTheSourceQueueDoesNotTakeTheCopies() {
        for (int i = 0; i < 3; i++) {
            sqs.sendMessage(r -> r.queueUrl(deadLetterQueueUrl).messageBody("dead"));
        }
        ExecutionInterceptor sendFails = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                SdkRequest request = context.request();
                if (request instanceof SendMessageBatchRequest) {
                    throw SdkClientException.create("injected: connection refused");
                }
            }
        };

        try (SqsClient failingSends = aws.clientSettings().withInterceptors(List.of(sendFails))
                .configure(SqsClient.builder()).build()) {
            DeadLetterRedrive.Result result = new DeadLetterRedrive(failingSends).redrive(deadLetterQueueUrl, queueUrl, 100);

            assertThat(result.moved()).isZero();
            assertThat(result.sendFailures()).isEqualTo(3);
        }
        assertThat(QueueState.messagesIn(sqs, queueUrl)).isZero();
        // Still there, only invisible until the dead-letter queue's visibility timeout passes.
        assertThat(QueueState.messagesIn(sqs, deadLetterQueueUrl)).isEqualTo(3);
    }

    private List<Message> receiveAll(String url) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                    .messageAttributeNames("All").waitTimeSeconds(1)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
        }
    }
}

package kr.compensation.voucher.locallambda;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** What the local run and tests ask of a queue: how many messages it holds, its ARN, its redrive policy. */
public final class QueueState {

    private static final Pattern MAX_RECEIVE_COUNT = Pattern.compile("\"maxReceiveCount\"\\s*:\\s*\"?(\\d+)");
    private static final Duration CHECK_EVERY = Duration.ofMillis(50);

    private QueueState() {
    }

    /** Visible plus in-flight messages: zero means every message was deleted or moved to the dead-letter queue. */
    public static int messagesIn(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    public static String arnOf(SqsClient sqs, String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** The maxReceiveCount of the queue's redrive policy: receives before a message moves to the dead-letter queue. */
    public static int maxReceiveCount(SqsClient sqs, String queueUrl) {
        String policy = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes().get(QueueAttributeName.REDRIVE_POLICY);
        Matcher matcher = MAX_RECEIVE_COUNT.matcher(policy == null ? "" : policy);
        if (!matcher.find()) {
            throw new IllegalStateException("the queue has no redrive policy with a maxReceiveCount");
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** Waits until the queue holds {@code expected} messages (visible or in flight); false if the limit passed first. */
    public static boolean awaitMessages(SqsClient sqs, String queueUrl, int expected, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (messagesIn(sqs, queueUrl) != expected) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(CHECK_EVERY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}

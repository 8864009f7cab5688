package kr.compensation.voucher.locallambda;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kr.compensation.voucher.aws.AwsClientSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * Moves messages from a dead-letter queue back to their source queue once the cause of their failure is fixed: what
 * {@code aws sqs start-message-move-task} does in AWS, for emulators that lack it (moto 5.2 has no
 * StartMessageMoveTask).
 *
 * <p>At least once, never lost: a message is deleted from the dead-letter queue only after the source queue accepted
 * its copy. If the delete then fails, the message stays in the dead-letter queue as well and may be moved twice; the
 * issuer is idempotent per customer, so a second copy only costs a conditional write that changes nothing.
 */
public final class DeadLetterRedrive {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRedrive.class);
    private static final int BATCH = 10;

    private final SqsClient sqs;

    public DeadLetterRedrive(SqsClient sqs) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
    }

    /**
     * Moves up to {@code maxMessages} messages, stopping early when a receive finds the dead-letter queue empty.
     * Bodies and message attributes are copied; the copies get new message ids and a fresh receive count.
     */
    public Result redrive(String deadLetterQueueUrl, String sourceQueueUrl, int maxMessages) {
        Objects.requireNonNull(deadLetterQueueUrl, "deadLetterQueueUrl");
        Objects.requireNonNull(sourceQueueUrl, "sourceQueueUrl");
        int moved = 0;
        int sendFailures = 0;
        int deleteFailures = 0;
        while (moved + sendFailures < maxMessages) {
            int wanted = Math.min(BATCH, maxMessages - moved - sendFailures);
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(deadLetterQueueUrl)
                    .maxNumberOfMessages(wanted)
                    .waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages();
            if (messages.isEmpty()) {
                break;
            }
            Map<String, Message> byEntryId = new HashMap<>();
            List<SendMessageBatchRequestEntry> copies = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                Message message = messages.get(i);
                String entryId = "m" + i;
                byEntryId.put(entryId, message);
                copies.add(SendMessageBatchRequestEntry.builder()
                        .id(entryId)
                        .messageBody(message.body())
                        .messageAttributes(message.messageAttributes())
                        .build());
            }
            SendMessageBatchResponse sent;
            try {
                sent = sqs.sendMessageBatch(r -> r.queueUrl(sourceQueueUrl).entries(copies));
            } catch (RuntimeException e) {
                // Nothing was confirmed: delete nothing. The messages reappear in the dead-letter queue after its
                // visibility timeout and a later run moves them.
                LOG.warn("SendMessageBatch to the source queue failed ({}); {} messages stay in the dead-letter queue",
                        e.getClass().getSimpleName(), messages.size());
                sendFailures += messages.size();
                break;
            }
            for (BatchResultErrorEntry failed : sent.failed()) {
                LOG.warn("Copy {} was refused by the source queue: {}; it stays in the dead-letter queue",
                        failed.id(), failed.code());
                sendFailures++;
            }
            List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
            for (SendMessageBatchResultEntry ok : sent.successful()) {
                deletes.add(DeleteMessageBatchRequestEntry.builder()
                        .id(ok.id())
                        .receiptHandle(byEntryId.get(ok.id()).receiptHandle())
                        .build());
            }
            moved += deletes.size();
            if (!deletes.isEmpty()) {
                deleteFailures += delete(deadLetterQueueUrl, deletes);
            }
            if (!sent.failed().isEmpty()) {
                break;
            }
        }
        Result result = new Result(moved, sendFailures, deleteFailures);
        LOG.info("Redrive finished: {}", result);
        return result;
    }

    private int delete(String queueUrl, List<DeleteMessageBatchRequestEntry> deletes) {
        try {
            DeleteMessageBatchResponse response = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(deletes));
            return response.failed().size();
        } catch (RuntimeException e) {
            LOG.warn("DeleteMessageBatch on the dead-letter queue failed ({}); {} moved messages may be moved again",
                    e.getClass().getSimpleName(), deletes.size());
            return deletes.size();
        }
    }

    /**
     * @param moved          copies accepted by the source queue
     * @param sendFailures   messages left in the dead-letter queue because their copy was not accepted
     * @param deleteFailures moved messages that could not be deleted and may be moved again (duplicates, never losses)
     */
    public record Result(int moved, int sendFailures, int deleteFailures) {
    }

    /**
     * {@code java -cp local-run-1.0.0-all.jar kr.compensation.voucher.locallambda.DeadLetterRedrive
     * --endpoint http://127.0.0.1:PORT --from DLQ_URL --to QUEUE_URL [--region ap-northeast-2] [--max 1000]}.
     * Emulators only: AWS has {@code aws sqs start-message-move-task}, which needs no tool of ours.
     */
    public static void main(String[] args) {
        Map<String, String> options = parse(args);
        URI endpoint = URI.create(required(options, "--endpoint"));
        String host = endpoint.getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host) && !"::1".equals(host)) {
            throw new IllegalArgumentException("this tool only talks to a local emulator; in AWS use "
                    + "aws sqs start-message-move-task --source-arn <dead-letter queue ARN>");
        }
        Region region = Region.of(options.getOrDefault("--region", "ap-northeast-2"));
        try (SqsClient sqs = AwsClientSettings.forEmulator(region, endpoint).configure(SqsClient.builder()).build()) {
            Result result = new DeadLetterRedrive(sqs).redrive(required(options, "--from"), required(options, "--to"),
                    Integer.parseInt(options.getOrDefault("--max", "1000000")));
            System.out.println("moved " + result.moved() + ", left in the dead-letter queue " + result.sendFailures()
                    + ", possibly moved twice " + result.deleteFailures());
            if (result.sendFailures() > 0) {
                System.exit(1);
            }
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --endpoint URL --from DLQ_URL --to QUEUE_URL "
                        + "[--region REGION] [--max N]");
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }
}

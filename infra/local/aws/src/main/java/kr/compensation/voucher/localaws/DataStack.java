package kr.compensation.voucher.localaws;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackResourceSummary;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;

/**
 * The data resources as a CloudFormation stack inside the emulator. Going through CloudFormation
 * rather than calling CreateTable/CreateQueue keeps every property, intrinsic function and
 * cross-reference (the redrive policy's !GetAtt, parameters, conditions) interpreted by the
 * emulator the way AWS interprets the deployed template; moto and LocalStack both create tables
 * and queues this way.
 */
final class DataStack {

    private static final Logger LOG = LoggerFactory.getLogger(DataStack.class);
    private static final Duration STACK_TIMEOUT = Duration.ofMinutes(3);
    /** States in which CloudFormation only allows deleting the stack. */
    private static final Set<StackStatus> DEAD = Set.of(
            StackStatus.ROLLBACK_COMPLETE, StackStatus.ROLLBACK_FAILED, StackStatus.CREATE_FAILED,
            StackStatus.DELETE_FAILED);
    private static final int BATCH_WRITE_LIMIT = 25;

    private final CloudFormationClient cloudFormation;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final String stackName;
    private final String templateBody;

    DataStack(CloudFormationClient cloudFormation, DynamoDbClient dynamoDb, SqsClient sqs, String stackName,
            String templateBody) {
        this.cloudFormation = cloudFormation;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.stackName = stackName;
        this.templateBody = templateBody;
    }

    String templateBody() {
        return templateBody;
    }

    /**
     * Creates the stack, or brings an existing one (an external emulator that outlives this JVM) up
     * to date without replacing it when the template has not changed, so its data survives.
     */
    StackResources createOrUpdate() {
        Optional<Stack> existing = describe();
        if (existing.isPresent() && existing.get().stackStatus().toString().endsWith("_IN_PROGRESS")) {
            existing = Optional.of(awaitSettled(existing.get().stackStatus()));
        }
        if (existing.isEmpty() || existing.get().stackStatus() == StackStatus.DELETE_COMPLETE) {
            return create();
        }
        StackStatus status = existing.get().stackStatus();
        if (DEAD.contains(status)) {
            LOG.info("Stack {} is {} in the emulator; deleting and creating it again", stackName, status);
            cloudFormation.deleteStack(r -> r.stackName(stackName));
            awaitGone();
            return create();
        }
        String current = cloudFormation.getTemplate(r -> r.stackName(stackName)).templateBody();
        if (current != null && current.strip().equals(templateBody.strip())) {
            return resources();
        }
        try {
            cloudFormation.updateStack(r -> r.stackName(stackName).templateBody(templateBody));
        } catch (CloudFormationException e) {
            if (e.getMessage() != null && e.getMessage().contains("No updates are to be performed")) {
                return resources();
            }
            throw e;
        }
        requireSuccess(awaitSettled(StackStatus.UPDATE_IN_PROGRESS), StackStatus.UPDATE_COMPLETE);
        return resources();
    }

    /** For an emulator known to be empty, e.g. right after a moto reset. */
    StackResources create() {
        cloudFormation.createStack(r -> r.stackName(stackName).templateBody(templateBody));
        requireSuccess(awaitSettled(StackStatus.CREATE_IN_PROGRESS), StackStatus.CREATE_COMPLETE);
        return resources();
    }

    /** Empties the tables and queues without touching their definitions (for emulators we cannot reset). */
    void clear(StackResources resources) {
        resources.tableNames().forEach(this::deleteAllItems);
        resources.queueUrls().forEach(this::purge);
    }

    private void deleteAllItems(String tableName) {
        List<KeySchemaElement> keySchema = dynamoDb.describeTable(r -> r.tableName(tableName)).table().keySchema();
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < keySchema.size(); i++) {
            names.put("#k" + i, keySchema.get(i).attributeName());
        }
        String projection = String.join(", ", names.keySet());
        Map<String, AttributeValue> startKey = null;
        do {
            Map<String, AttributeValue> from = startKey;
            ScanResponse page = dynamoDb.scan(r -> r.tableName(tableName)
                    .projectionExpression(projection)
                    .expressionAttributeNames(names)
                    .exclusiveStartKey(from));
            List<WriteRequest> deletes = page.items().stream()
                    .map(key -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build())
                    .toList();
            for (int start = 0; start < deletes.size(); start += BATCH_WRITE_LIMIT) {
                batchDelete(tableName, deletes.subList(start, Math.min(start + BATCH_WRITE_LIMIT, deletes.size())));
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
    }

    private void batchDelete(String tableName, List<WriteRequest> deletes) {
        List<WriteRequest> pending = deletes;
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = Map.of(tableName, pending);
            pending = dynamoDb.batchWriteItem(r -> r.requestItems(request)).unprocessedItems()
                    .getOrDefault(tableName, List.of());
        }
    }

    private void purge(String queueUrl) {
        try {
            sqs.purgeQueue(r -> r.queueUrl(queueUrl));
        } catch (PurgeQueueInProgressException e) {
            // Emulators that copy AWS's one-purge-a-minute rule: drain what is visible instead.
            List<Message> messages;
            do {
                messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                        .messages();
                for (Message message : messages) {
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            } while (!messages.isEmpty());
        }
    }

    private StackResources resources() {
        Map<String, StackResources.Resource> byLogicalId = new LinkedHashMap<>();
        for (StackResourceSummary summary : cloudFormation.listStackResourcesPaginator(r -> r.stackName(stackName))
                .stackResourceSummaries()) {
            String physicalId = summary.physicalResourceId();
            String queueUrl = StackResources.QUEUE.equals(summary.resourceType()) ? queueUrl(physicalId) : null;
            byLogicalId.put(summary.logicalResourceId(),
                    new StackResources.Resource(summary.resourceType(), physicalId, queueUrl));
        }
        return new StackResources(stackName, byLogicalId);
    }

    /**
     * CloudFormation reports a queue by a URL on the public SQS host; asking the emulator's SQS API
     * gives the URL it serves the queue under, which is what clients and the local run need.
     */
    private String queueUrl(String physicalId) {
        String queueName = physicalId.substring(physicalId.lastIndexOf('/') + 1);
        return sqs.getQueueUrl(r -> r.queueName(queueName)).queueUrl();
    }

    private Optional<Stack> describe() {
        try {
            return cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().stream().findFirst();
        } catch (CloudFormationException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** moto applies a template synchronously; LocalStack takes a few seconds, so poll with back-off. */
    private Stack awaitSettled(StackStatus inProgress) {
        Instant deadline = Instant.now().plus(STACK_TIMEOUT);
        long pauseMillis = 10;
        while (true) {
            Stack stack = describe().orElseThrow(() -> new IllegalStateException(
                    "Stack " + stackName + " disappeared while " + inProgress));
            if (!stack.stackStatus().toString().endsWith("_IN_PROGRESS")) {
                return stack;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Stack " + stackName + " still " + stack.stackStatus()
                        + " after " + STACK_TIMEOUT.toMinutes() + " min");
            }
            sleep(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 500);
        }
    }

    private void awaitGone() {
        Instant deadline = Instant.now().plus(STACK_TIMEOUT);
        long pauseMillis = 10;
        while (true) {
            Optional<Stack> stack = describe();
            if (stack.isEmpty() || stack.get().stackStatus() == StackStatus.DELETE_COMPLETE) {
                return;
            }
            if (stack.get().stackStatus() == StackStatus.DELETE_FAILED || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Cannot delete stack " + stackName + " (" + stack.get().stackStatus()
                        + "): " + failureReasons());
            }
            sleep(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 500);
        }
    }

    private void requireSuccess(Stack stack, StackStatus expected) {
        if (stack.stackStatus() != expected) {
            throw new IllegalStateException("Stack " + stackName + " ended " + stack.stackStatus()
                    + " instead of " + expected + ": " + failureReasons());
        }
    }

    private String failureReasons() {
        List<String> reasons = new ArrayList<>();
        for (StackEvent event : cloudFormation.describeStackEventsPaginator(r -> r.stackName(stackName)).stackEvents()) {
            if (event.resourceStatusAsString() != null && event.resourceStatusAsString().endsWith("FAILED")) {
                reasons.add(event.logicalResourceId() + ": " + event.resourceStatusReason());
            }
        }
        return reasons.isEmpty() ? "no failure reason reported" : reasons.stream().collect(Collectors.joining("; "));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the data stack", e);
        }
    }
}

package kr.compensation.voucher.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.locallambda.EventSourceMappingSettings;
import kr.compensation.voucher.locallambda.QueueState;
import kr.compensation.voucher.locallambda.SqsEventSourceMapping;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The issuer against the emulator, wired as the local run wires it: the template's table and queues, the real
 * handler built from properties, driven by local-lambda's event source mapping. Customers are loaded the way the
 * loader does, one {@link EligibilityItem#newlyLoaded} item each.
 */
final class EmulatorIssuer {

    static final Duration PATIENCE = Duration.ofMinutes(5);

    final LocalAws aws;
    final DynamoDbClient dynamoDb;
    final SqsClient sqs;
    final String table;
    final String queueUrl;
    final String deadLetterQueueUrl;

    /** Empties the emulator (a moto reset recreates the template's stack) and reads the resource names. */
    EmulatorIssuer(LocalAws aws) {
        aws.reset();
        this.aws = aws;
        this.dynamoDb = aws.dynamoDb();
        this.sqs = aws.sqs();
        this.table = aws.resources().tableName("EligibilityTable");
        this.queueUrl = aws.resources().queueUrl("IssueRequestQueue");
        this.deadLetterQueueUrl = aws.resources().queueUrl("IssueRequestDeadLetterQueue");
    }

    /** Counts (and can break) the handler's DynamoDB traffic; see {@link DynamoDbTraffic} on moto's missing lock. */
    DynamoDbTraffic traffic() {
        return new DynamoDbTraffic();
    }

    /**
     * The production handler, with the local run's properties and the given interceptors on its DynamoDB client; its
     * metrics lines go to {@link #metricsOf}.
     */
    IssuerHandler handler(DynamoDbTraffic traffic) {
        return handler(table, traffic);
    }

    IssuerHandler handler(String tableName, DynamoDbTraffic traffic) {
        Map<String, Object> properties = new HashMap<>(IssuerTestData.properties(tableName));
        properties.put("voucher.aws.endpoint-override", aws.endpoint().toString());
        properties.put("voucher.aws.region", aws.region().id());
        return new IssuerHandler(ApplicationContext.builder()
                .environments("test", CapturedMetricsFactory.CAPTURED_METRICS)
                .deduceEnvironment(false)
                .properties(properties)
                .singletons(traffic));
    }

    static IssuerTestData.CapturedOutput metricsOf(IssuerHandler handler) {
        return handler.getApplicationContext().getBean(IssuerTestData.CapturedOutput.class);
    }

    /** Drives the handler like Lambda's mapping; failed messages come back after {@code visibility}. */
    SqsEventSourceMapping mapping(IssuerHandler handler, int workers, Duration visibility) {
        return SqsEventSourceMapping.forRequestHandler(sqs, handler,
                EventSourceMappingSettings.of(queueUrl).withFunctionName("issuer").withWorkers(workers)
                        .withVisibilityTimeout(visibility));
    }

    void load(Collection<CustomerKey> customers, boolean eligible) {
        List<WriteRequest> writes = new ArrayList<>();
        for (CustomerKey customer : customers) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder()
                    .item(EligibilityItem.newlyLoaded(customer, eligible, AccountState.ACTIVE)).build()).build());
            if (writes.size() == 25) {
                writeBatch(writes);
                writes = new ArrayList<>();
            }
        }
        if (!writes.isEmpty()) {
            writeBatch(writes);
        }
    }

    /**
     * Sends the bodies in order while the mapping runs, keeping at most {@code backlog} messages on the queue: moto
     * scans its whole message list on every send and receive, so a queue thousands deep takes it minutes (AWS does
     * not care). Returns the producing thread, already started.
     */
    Thread feed(List<String> bodies, int backlog) {
        return Thread.ofPlatform().name("issue-request-feed").start(() -> {
            for (int from = 0; from < bodies.size(); from += 10) {
                while (QueueState.messagesIn(sqs, queueUrl) > backlog) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                send(bodies.subList(from, Math.min(bodies.size(), from + 10)));
            }
        });
    }

    void send(List<String> bodies) {
        for (int from = 0; from < bodies.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(bodies.size(), from + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(bodies.get(i)).build());
            }
            assertThat(sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed()).isEmpty();
        }
    }

    Map<String, AttributeValue> item(CustomerKey customer) {
        return dynamoDb.getItem(r -> r.tableName(table).key(EligibilityItem.key(customer)).consistentRead(true)).item();
    }

    /** Every item of the table, by customer key. */
    Map<String, Map<String, AttributeValue>> scan() {
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        dynamoDb.scanPaginator(r -> r.tableName(table).consistentRead(true)).items()
                .forEach(item -> items.put(item.get(EligibilityItem.PK).s(), item));
        return items;
    }

    private void writeBatch(List<WriteRequest> writes) {
        Map<String, List<WriteRequest>> pending = Map.of(table, writes);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            pending = dynamoDb.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
        }
    }
}

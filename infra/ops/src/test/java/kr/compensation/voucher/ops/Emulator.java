package kr.compensation.voucher.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.random.RandomGenerator;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.ops.support.Backoff;
import kr.compensation.voucher.ops.support.Progress;
import kr.compensation.voucher.ops.support.RunControls;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.model.Message;

/** Test helpers around the local AWS harness: clients built the tool's way, the table's content, put counts. */
public final class Emulator {

    private Emulator() {
    }

    /** The tool's own clients (endpoint rules, retries off for writes) pointed at the harness's emulator. */
    public static OpsAws clients(LocalAws aws, List<ExecutionInterceptor> interceptors) {
        AwsOptions options = new AwsOptions();
        options.endpointUrl = aws.endpoint().toString();
        options.region = aws.region().id();
        return new OpsAws(options, new OpsEnvironment(Map.of(), System.out, System.err, interceptors,
                nanos -> { }, false, false));
    }

    /** Empties the emulator (every table and queue of the stack, from template.yaml) and names the eligibility table. */
    public static String freshTable(LocalAws aws) {
        aws.reset();
        return aws.resources().tableName("EligibilityTable");
    }

    /** No rate limit, retries without waiting (four attempts), no progress: what the tests' runs are paced by. */
    public static RunControls quickControls() {
        return new RunControls(null, new Backoff(1, 1, 4, RandomGenerator.getDefault(), nanos -> { }), System.err,
                Progress.Mode.OFF, System::nanoTime);
    }

    public static DynamoDbClient dynamoDb(OpsAws clients) {
        return clients.dynamoDb();
    }

    public static DynamoDbClient dynamoDbWithoutRetries(OpsAws clients) {
        return clients.dynamoDbWithoutRetries();
    }

    public static software.amazon.awssdk.services.sqs.SqsClient sqs(OpsAws clients) {
        return clients.sqs();
    }

    /** Every item of the table by partition key. */
    public static Map<String, Map<String, AttributeValue>> items(LocalAws aws, String table) {
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = aws.dynamoDb().scan(r -> r.tableName(table).exclusiveStartKey(from));
            page.items().forEach(item -> items.put(item.get(EligibilityItem.PK).s(), item));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** Every message now visible on the queue (received once, so hidden afterwards). */
    public static List<Message> drain(LocalAws aws, String queueUrl) {
        List<Message> all = new ArrayList<>();
        List<Message> batch;
        do {
            batch = aws.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .visibilityTimeout(300)).messages();
            all.addAll(batch);
        } while (!batch.isEmpty());
        return all;
    }

    /**
     * Does {@code action} on the calls of this request type that {@code which} picks by their number (1 for the
     * first): before the request is sent, or once the service has answered (so the call took effect, whatever the
     * caller then learns).
     */
    public static ExecutionInterceptor onCalls(Class<? extends SdkRequest> type, boolean afterAnswer,
                                               IntPredicate which, Runnable action) {
        AtomicInteger calls = new AtomicInteger();
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (!afterAnswer) {
                    actIfPicked(context.request());
                }
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                if (afterAnswer) {
                    actIfPicked(context.request());
                }
            }

            private void actIfPicked(SdkRequest request) {
                if (type.isInstance(request) && which.test(calls.incrementAndGet())) {
                    action.run();
                }
            }
        };
    }

    /** A call that fails on the client's side with this message: a lost connection or a lost answer. */
    public static Runnable fails(String message) {
        return () -> {
            throw SdkClientException.create(message);
        };
    }

    /** Counts, per partition key, the puts sent in BatchWriteItem requests. */
    public static final class PutCounter implements ExecutionInterceptor {

        private final Map<String, Integer> puts = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof BatchWriteItemRequest request) {
                for (List<WriteRequest> writes : request.requestItems().values()) {
                    for (WriteRequest write : writes) {
                        if (write.putRequest() != null) {
                            puts.merge(write.putRequest().item().get(EligibilityItem.PK).s(), 1, Integer::sum);
                        }
                    }
                }
            }
        }

        public Map<String, Integer> puts() {
            return Map.copyOf(puts);
        }

        public int total() {
            return puts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }
}

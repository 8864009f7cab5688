package kr.compensation.voucher.issuer.testing;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.adapters.sqs.IssueRequestCodec;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.IssueRequest;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.issuer.IssuerHandler;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.locallambda.EventSourceMappingSettings;
import kr.compensation.voucher.locallambda.QueueState;
import kr.compensation.voucher.locallambda.SqsEventSourceMapping;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The issuer as deployed, against the emulator's copy of template.yaml's table and queues: the production handler
 * built from the properties the local run passes, driven by local-lambda's event source mapping. Customers are
 * loaded as the loader writes them ({@link EligibilityItem#newlyLoaded}) and keyed by the real hasher. The one such
 * harness: the issuer's integration tests and the reliability suite (through this module's test-jar) both use it.
 */
public final class EmulatorIssuer {

    public static final int VOUCHER_AMOUNT = 50_000;
    public static final int VALIDITY_DAYS = 365;
    /** How long a test waits for the emulator to drain a queue before it calls the run a failure. */
    public static final Duration PATIENCE = Duration.ofMinutes(5);
    private static final int LOADERS = 4;

    public final LocalAws aws;
    public final DynamoDbClient dynamoDb;
    public final SqsClient sqs;
    public final String table;
    public final String queueUrl;
    public final String deadLetterQueueUrl;
    public final CustomerKeyHasher hasher = new CustomerKeyHasher(testPepper());
    private final IssueRequestCodec codec = new IssueRequestCodec();

    /** Reads the resource names; call after the emulator's reset (a moto reset renames them): {@link #afterReset}. */
    public EmulatorIssuer(LocalAws aws) {
        this(aws, aws);
    }

    /**
     * The table from one emulator, the queues from another: two moto processes use two cores where one process
     * would serve both services on one (as in AWS, each service has its own endpoint).
     */
    public EmulatorIssuer(LocalAws tables, LocalAws queues) {
        this.aws = tables;
        this.dynamoDb = tables.dynamoDb();
        this.sqs = queues.sqs();
        this.table = tables.resources().tableName("EligibilityTable");
        this.queueUrl = queues.resources().queueUrl("IssueRequestQueue");
        this.deadLetterQueueUrl = queues.resources().queueUrl("IssueRequestDeadLetterQueue");
    }

    /** Empties the emulator (a moto reset recreates the template's stack), then reads the resource names. */
    public static EmulatorIssuer afterReset(LocalAws aws) {
        aws.reset();
        return new EmulatorIssuer(aws);
    }

    public CustomerKey key(String subject) {
        return hasher.keyOf(IssuerRole.SIGN_IN, subject);
    }

    /** The production handler; {@code interceptors} go on its DynamoDB client, as the shell's factory allows. */
    public IssuerHandler handler(ExecutionInterceptor... interceptors) {
        return handler(table, List.of(), (Object[]) interceptors);
    }

    /**
     * The production handler over another table, in extra Micronaut environments (a test's factories), with extra
     * singletons (interceptors on its DynamoDB client, among others).
     */
    public IssuerHandler handler(String tableName, List<String> environments, Object... singletons) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("voucher.table-name", tableName);
        properties.put("voucher.amount", VOUCHER_AMOUNT);
        properties.put("voucher.validity-days", VALIDITY_DAYS);
        properties.put("voucher.aws.region", aws.region().id());
        properties.put("voucher.aws.endpoint-override", aws.endpoint().toString());
        return new IssuerHandler(ApplicationContext.builder()
                .environments(environments.toArray(String[]::new))
                .deduceEnvironment(false)
                .properties(properties)
                .singletons(singletons));
    }

    /** Lambda's mapping with batches of 10; failed messages come back after {@code visibility}. */
    public SqsEventSourceMapping mapping(RequestHandler<SQSEvent, SQSBatchResponse> function, int workers,
                                         Duration visibility) {
        return SqsEventSourceMapping.forRequestHandler(sqs, function,
                EventSourceMappingSettings.of(queueUrl).withFunctionName("IssuerFunction").withWorkers(workers)
                        .withVisibilityTimeout(visibility));
    }

    /** The body the lookup would send for this customer's claim. */
    public String claimBody(CustomerKey key, String requestId) {
        return codec.encode(new IssueRequest(key, IssueSource.CUSTOMER_CLAIM, requestId, Instant.now()));
    }

    /** Writes one newly loaded item per customer with BatchWriteItem, several batches at once. */
    public void load(Collection<CustomerKey> customers, boolean eligible) {
        List<WriteRequest> all = new ArrayList<>();
        for (CustomerKey customer : customers) {
            all.add(WriteRequest.builder().putRequest(PutRequest.builder()
                    .item(EligibilityItem.newlyLoaded(customer, eligible, AccountState.ACTIVE)).build()).build());
        }
        List<List<WriteRequest>> batches = new ArrayList<>();
        for (int from = 0; from < all.size(); from += 25) {
            batches.add(all.subList(from, Math.min(all.size(), from + 25)));
        }
        inParallel(LOADERS, batches, this::writeBatch);
    }

    /** Sends the bodies ten per SendMessageBatch, several batches at once; returns the message ids, in body order. */
    public List<String> send(List<String> bodies) {
        return send(bodies, LOADERS);
    }

    private List<String> send(List<String> bodies, int threads) {
        List<List<Integer>> batches = new ArrayList<>();
        for (int from = 0; from < bodies.size(); from += 10) {
            List<Integer> batch = new ArrayList<>();
            for (int i = from; i < Math.min(bodies.size(), from + 10); i++) {
                batch.add(i);
            }
            batches.add(batch);
        }
        String[] ids = new String[bodies.size()];
        inParallel(threads, batches, batch -> {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i : batch) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i)).build());
            }
            SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            if (!response.failed().isEmpty()) {
                throw new IllegalStateException("the queue refused " + response.failed().size() + " messages: "
                        + response.failed().get(0).code());
            }
            response.successful().forEach(ok -> ids[Integer.parseInt(ok.id().substring(1))] = ok.messageId());
        });
        return List.of(ids);
    }

    /**
     * Sends the bodies in order while the mapping consumes them, keeping at most about {@code window} messages on the
     * queue: how the queue fills in production (claims and issue-all send while the issuer drains), and what keeps
     * the emulator fast (moto's SQS scans the whole queue on every send, receive and delete; AWS does not care).
     */
    public void feed(List<String> bodies, SqsEventSourceMapping mapping, int window) {
        int next = 0;
        while (next < bodies.size()) {
            long onQueue = next - mapping.stats().deleted();
            if (onQueue >= window) {
                pause(Duration.ofMillis(10));
                continue;
            }
            int end = Math.min(bodies.size(), next + 10);
            send(bodies.subList(next, end), 1);
            next = end;
        }
    }

    /** The customer's item, read strongly consistent; empty when there is none. */
    public Map<String, AttributeValue> item(CustomerKey customer) {
        return dynamoDb.getItem(r -> r.tableName(table).key(EligibilityItem.key(customer)).consistentRead(true)).item();
    }

    /** Every item of the table, by customer key (strongly consistent). */
    public Map<String, Map<String, AttributeValue>> scan() {
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        dynamoDb.scanPaginator(r -> r.tableName(table).consistentRead(true)).items()
                .forEach(item -> items.put(item.get(EligibilityItem.PK).s(), item));
        return items;
    }

    /**
     * Waits until the queue holds no message, visible or in flight; false if {@code limit} passed first. Asks twice
     * a second only: each question costs moto a scan of the queue.
     */
    public boolean awaitDrained(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (QueueState.messagesIn(sqs, queueUrl) > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(Duration.ofMillis(500));
        }
        return true;
    }

    public int deadLetters() {
        return QueueState.messagesIn(sqs, deadLetterQueueUrl);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void writeBatch(List<WriteRequest> writes) {
        Map<String, List<WriteRequest>> pending = Map.of(table, writes);
        while (!pending.isEmpty()) {
            Map<String, List<WriteRequest>> request = pending;
            pending = dynamoDb.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
        }
    }

    private static <T> void inParallel(int threads, List<T> tasks, Consumer<T> work) {
        if (threads == 1) {
            tasks.forEach(work);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (T task : tasks) {
                futures.add(pool.submit(() -> work.accept(task)));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("setting up the emulator failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] testPepper() {
        byte[] pepper = new byte[32];
        for (int i = 0; i < pepper.length; i++) {
            pepper[i] = (byte) (i * 7 + 1);
        }
        return pepper;
    }
}

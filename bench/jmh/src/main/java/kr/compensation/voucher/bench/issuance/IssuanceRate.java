package kr.compensation.voucher.bench.issuance;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kr.compensation.voucher.adapters.dynamodb.DynamoDbEligibilityRepository;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.adapters.sqs.IssueRequestCodec;
import kr.compensation.voucher.bench.BenchEvents;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.GrantOutcome;
import kr.compensation.voucher.domain.IssueRequest;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.Money;
import kr.compensation.voucher.domain.Voucher;
import kr.compensation.voucher.domain.VoucherCodeGenerator;
import kr.compensation.voucher.issuer.IssuerHandler;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.locallambda.EventSourceMappingSettings;
import kr.compensation.voucher.locallambda.SqsEventSourceMapping;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Vouchers per second of one issuer worker against the emulator (moto, with the template's table and queues), and
 * DynamoDB requests per voucher. Two measurements on fresh customers each:
 * <ol>
 *   <li>{@code queue}: the production handler fed by the event source mapping stand-in with one worker, batch size 10
 *       and the template's 1 s batching window: receive, grant, delete, as Lambda with MaximumConcurrency 1.</li>
 *   <li>{@code direct}: the same handler invoked with batches of 10 built in memory: the grant path alone.</li>
 *   <li>{@code store}: the repository's conditional UpdateItem in a plain loop: the emulator's pace for one caller,
 *       against which the other two show what the handler and the queue add.</li>
 * </ol>
 * It then checks the table: every customer has exactly one voucher, all codes distinct, and the store saw exactly one
 * UpdateItem per voucher and nothing else. The emulator's own write speed bounds both figures; they say what one
 * worker costs here, not what DynamoDB would do.
 *
 * <p>Usage: {@code IssuanceRate [--vouchers N]} (default 1000 per measurement).
 */
public final class IssuanceRate {

    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private IssuanceRate() {
    }

    public static void main(String[] args) throws Exception {
        int vouchers = args.length >= 2 && args[0].equals("--vouchers") ? Integer.parseInt(args[1]) : 1000;
        CustomerKeyHasher hasher = new CustomerKeyHasher(new byte[32]);
        IssueRequestCodec codec = new IssueRequestCodec();
        boolean ok = true;
        try (LocalAws aws = LocalAws.builder().stackName("voucher-bench").start()) {
            String table = aws.resources().tableName("EligibilityTable");
            String queueUrl = aws.resources().queueUrl("IssueRequestQueue");
            WriteCounter counter = new WriteCounter();
            IssuerHandler issuer = issuer(aws, table, counter);

            List<CustomerKey> viaQueue = customers(hasher, "queue", vouchers);
            load(aws.dynamoDb(), table, viaQueue);
            List<String> bodies = new ArrayList<>();
            for (CustomerKey key : viaQueue) {
                bodies.add(codec.encode(new IssueRequest(key, IssueSource.OPS_BULK, "bench-" + key.value().substring(0, 8),
                        Instant.now())));
            }
            send(aws, queueUrl, bodies);
            counter.reset();
            long started = System.nanoTime();
            // Runs on its own workers until closed; this thread only waits for the vouchers.
            SqsEventSourceMapping mapping = SqsEventSourceMapping.forRequestHandler(aws.sqs(), issuer,
                    EventSourceMappingSettings.of(queueUrl).withFunctionName("IssuerFunction").withBatchSize(10)
                            .withMaximumBatchingWindow(Duration.ofSeconds(1)).withWorkers(1)).start();
            try {
                long deadline = started + PATIENCE.toNanos();
                while (counter.acceptedUpdates() < vouchers && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } finally {
                mapping.close();
            }
            double queueSeconds = (System.nanoTime() - started) / 1e9;
            Map<String, Long> queueRequests = counter.sent();
            ok &= report("queue", vouchers, queueSeconds, queueRequests, verify(aws.dynamoDb(), table, viaQueue));

            List<CustomerKey> direct = customers(hasher, "direct", vouchers);
            load(aws.dynamoDb(), table, direct);
            counter.reset();
            started = System.nanoTime();
            for (int from = 0; from < vouchers; from += 10) {
                SQSBatchResponse response = issuer.handleRequest(batch(codec, direct.subList(from,
                        Math.min(vouchers, from + 10)), from), BenchEvents.context("issuance-" + from));
                if (!response.getBatchItemFailures().isEmpty()) {
                    throw new IllegalStateException(response.getBatchItemFailures().size() + " messages failed");
                }
            }
            double directSeconds = (System.nanoTime() - started) / 1e9;
            ok &= report("direct", vouchers, directSeconds, counter.sent(), verify(aws.dynamoDb(), table, direct));
            issuer.close();

            List<CustomerKey> plain = customers(hasher, "store", vouchers);
            load(aws.dynamoDb(), table, plain);
            List<Voucher> prepared = new ArrayList<>(vouchers);
            VoucherCodeGenerator codes = new VoucherCodeGenerator();
            Instant now = Instant.now();
            for (int i = 0; i < vouchers; i++) {
                prepared.add(new Voucher(codes.next(), Money.krw(50_000), now, now.plus(Duration.ofDays(365)),
                        IssueSource.OPS_BULK, "store-" + i));
            }
            DynamoDbEligibilityRepository repository = new DynamoDbEligibilityRepository(aws.dynamoDb(), table);
            started = System.nanoTime();
            for (int i = 0; i < vouchers; i++) {
                if (!(repository.grant(plain.get(i), prepared.get(i)) instanceof GrantOutcome.Granted)) {
                    throw new IllegalStateException("the emulator refused a grant to an eligible customer");
                }
            }
            double storeSeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("ISSUANCE store: the same conditional UpdateItem from a plain loop, no handler: %d in %.2f s"
                    + " = %.0f writes/s (the emulator's own pace for one caller)%n", vouchers, storeSeconds,
                    vouchers / storeSeconds);
        }
        if (!ok) {
            System.out.println("ISSUANCE CHECK FAILED: see above");
            System.exit(1);
        }
    }

    private static IssuerHandler issuer(LocalAws aws, String table, WriteCounter counter) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("voucher.table-name", table);
        properties.put("voucher.amount", "50000");
        properties.put("voucher.validity-days", "365");
        properties.put("voucher.aws.region", aws.region().id());
        properties.put("voucher.aws.endpoint-override", aws.endpoint().toString());
        // One metrics line per batch goes to standard output; it is still written, just not onto the report.
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), false));
        try {
            return new IssuerHandler(ApplicationContext.builder().properties(properties).singletons(counter));
        } finally {
            System.setOut(stdout);
        }
    }

    private static List<CustomerKey> customers(CustomerKeyHasher hasher, String run, int count) {
        List<CustomerKey> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(hasher.keyOf(IssuerRole.SIGN_IN, "issuance-bench-" + run + "-" + i));
        }
        return keys;
    }

    private static void load(DynamoDbClient dynamoDb, String table, List<CustomerKey> customers) {
        for (int from = 0; from < customers.size(); from += 25) {
            List<WriteRequest> writes = new ArrayList<>();
            for (CustomerKey key : customers.subList(from, Math.min(customers.size(), from + 25))) {
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder()
                        .item(EligibilityItem.newlyLoaded(key, true, AccountState.ACTIVE)).build()).build());
            }
            Map<String, List<WriteRequest>> pending = Map.of(table, writes);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamoDb.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
            }
        }
    }

    private static void send(LocalAws aws, String queueUrl, List<String> bodies) {
        for (int from = 0; from < bodies.size(); from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(bodies.size(), from + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i)).build());
            }
            if (!aws.sqs().sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed().isEmpty()) {
                throw new IllegalStateException("the emulator refused issue requests");
            }
        }
    }

    private static SQSEvent batch(IssueRequestCodec codec, List<CustomerKey> customers, int first) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < customers.size(); i++) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("direct-" + (first + i));
            message.setBody(codec.encode(new IssueRequest(customers.get(i), IssueSource.OPS_BULK,
                    "direct-" + (first + i), Instant.now())));
            message.setEventSource("aws:sqs");
            records.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** Customers of this run holding a voucher, and how many distinct codes they hold. */
    record Table(int withVoucher, int distinctCodes) {
    }

    private static Table verify(DynamoDbClient dynamoDb, String table, List<CustomerKey> customers) {
        int withVoucher = 0;
        Set<String> codes = new HashSet<>();
        for (CustomerKey key : customers) {
            Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table)
                    .key(EligibilityItem.key(key)).consistentRead(true)).item();
            if (item != null && item.containsKey(EligibilityItem.VOUCHER_CODE)) {
                withVoucher++;
                codes.add(item.get(EligibilityItem.VOUCHER_CODE).s());
            }
        }
        return new Table(withVoucher, codes.size());
    }

    private static boolean report(String mode, int vouchers, double seconds, Map<String, Long> requests, Table table) {
        long updates = requests.getOrDefault("UpdateItem", 0L);
        long others = requests.values().stream().mapToLong(Long::longValue).sum() - updates;
        boolean ok = table.withVoucher() == vouchers && table.distinctCodes() == vouchers && updates == vouchers
                && others == 0;
        System.out.printf("ISSUANCE %s: %d vouchers in %.2f s = %.0f vouchers/s with one worker; DynamoDB requests %s"
                        + " = %.2f write requests per voucher; table: %d customers with a voucher, %d distinct codes: %s%n",
                mode, vouchers, seconds, vouchers / seconds, requests, (double) updates / vouchers,
                table.withVoucher(), table.distinctCodes(), ok ? "OK" : "MISMATCH");
        return ok;
    }
}

package kr.compensation.voucher.ops.rekey;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import kr.compensation.voucher.adapters.aws.AwsFailures;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.ops.load.CustomerLine;
import kr.compensation.voucher.ops.load.CustomerListParser;
import kr.compensation.voucher.ops.load.CustomerListRun;
import kr.compensation.voucher.ops.load.LoadCheckpoint;
import kr.compensation.voucher.ops.support.ConsistentBatchGet;
import kr.compensation.voucher.ops.support.RunControls;
import kr.compensation.voucher.ops.support.RunOutcome;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Moves every customer of the affected-customer list from the key under the old pepper to the key under the new one,
 * keeping the item exactly as it is (eligibility, account state, claim, voucher).
 *
 * <h2>Why it needs the list</h2>
 * The table holds only {@code HMAC(old pepper, issuer + subject)}: a key cannot be turned back into the subject, so
 * the new key of an item cannot be computed from the item. The list the loader took names every subject; each line
 * is hashed under both peppers, which gives the pair (old key, new key) of one customer.
 *
 * <h2>Why nothing is lost or doubled</h2>
 * Each customer moves in one TransactWriteItems: put the item under the new key on condition that no item has that
 * key, and delete the old item on condition that every attribute still has the value read (and that no claim or
 * voucher attribute appeared since). Both happen or neither does, so there is never a moment with the customer under
 * both keys or under none, and a claim or grant that lands on the old item between the read and the move cancels the
 * move, which then reads again. Each customer is judged by reading both keys (strongly consistent):
 * <ul>
 *   <li>old present, new absent: move it;</li>
 *   <li>old absent, new present: moved already (an earlier run, a killed run, a repeated line): nothing to do;</li>
 *   <li>both absent: not in the table (a line the load refused, or never loaded): counted, nothing written;</li>
 *   <li>both present: a conflict (something loaded under the new pepper already): both left as they are and counted,
 *       for a person to decide.</li>
 * </ul>
 * So any rerun, from any point, is safe: the checkpoint only saves work, as in {@code load}. It records the last line
 * up to which every customer is judged; lines after it are judged again after a crash and found moved.
 */
public final class Rekeyer {

    /** Customers per batch: 2 keys each, BatchGetItem takes 100 keys. */
    static final int BATCH_SIZE = 25;
    /** Write units of one move: a transactional write costs 2 units per item under 1 KB, and it writes two. */
    static final int WRITE_UNITS_PER_MOVE = 4;
    private static final int MAX_JUDGEMENTS = 8;

    private static final List<String> ITEM_ATTRIBUTES = List.of(EligibilityItem.ELIGIBLE, EligibilityItem.ACCOUNT_STATE,
            EligibilityItem.CLAIM_REQUESTED_AT, EligibilityItem.VOUCHER_CODE, EligibilityItem.VOUCHER_AMOUNT,
            EligibilityItem.VOUCHER_CURRENCY, EligibilityItem.ISSUED_AT, EligibilityItem.EXPIRES_AT,
            EligibilityItem.ISSUE_SOURCE, EligibilityItem.ISSUE_REQUEST_ID);

    private final RekeyPlan plan;
    private final DynamoDbClient dynamoDb;
    private final CustomerKeyHasher oldHasher;
    private final CustomerKeyHasher newHasher;
    private final RunControls controls;

    /** @param controls its rate limit counts write units */
    public Rekeyer(RekeyPlan plan, DynamoDbClient dynamoDb, CustomerKeyHasher oldHasher, CustomerKeyHasher newHasher,
                   RunControls controls) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.oldHasher = Objects.requireNonNull(oldHasher, "oldHasher");
        this.newHasher = Objects.requireNonNull(newHasher, "newHasher");
        this.controls = Objects.requireNonNull(controls, "controls");
    }

    public RekeyResult run() throws IOException, InterruptedException {
        long started = controls.nanoTime();
        String oldCheck = LoadCheckpoint.pepperCheck(oldHasher);
        String newCheck = LoadCheckpoint.pepperCheck(newHasher);
        if (oldCheck.equals(newCheck)) {
            throw new IllegalArgumentException("the old and the new pepper are the same");
        }
        RekeyCheckpoint start = CustomerListRun.startingPoint(plan.csv(), plan.table(), plan.checkpoint(),
                plan.restart() ? Optional.empty() : RekeyCheckpoint.read(plan.checkpoint()),
                (fileSize, digest) -> RekeyCheckpoint.fresh(plan.table(), fileSize, digest, oldCheck, newCheck));
        if (!(start.oldPepperCheck().equals(oldCheck) && start.newPepperCheck().equals(newCheck))) {
            throw new IllegalStateException("the checkpoint " + plan.checkpoint() + " was made with other "
                    + "peppers; resume with the same old and new pepper");
        }
        if (start.complete()) {
            return new RekeyResult(start.counts(), RekeyCounts.ZERO, start.line(), RunOutcome.ALREADY_COMPLETE, null,
                    controls.elapsedSince(started));
        }
        CustomerListRun.Ending<RekeyCheckpoint> end = new CustomerListRun<Batch, RekeyCheckpoint>("rekey", "rekey",
                plan.csv(), plan.concurrency(), plan.checkpointInterval(), controls).run(start, this::batches,
                this::rekey, checkpoint -> checkpoint.write(plan.checkpoint()));
        RekeyCounts total = end.checkpoint().counts();
        return new RekeyResult(total, total.minus(start.counts()), start.line(), end.outcome(), end.failure(),
                controls.elapsedSince(started));
    }

    /** Batches of up to {@link #BATCH_SIZE} customers, each hashed under both peppers. */
    private CustomerListRun.Batches<Batch> batches(BufferedReader reader, CustomerListParser parser, long first) {
        long[] line = {first};
        long[] sequence = {0};
        return () -> {
            Batch batch = new Batch(sequence[0]++, line[0] + 1);
            String text;
            while (batch.customers.size() < BATCH_SIZE && (text = reader.readLine()) != null) {
                batch.took(++line[0]);
                switch (parser.parse(line[0], text)) {
                    case CustomerLine.Invalid invalid -> batch.invalid++;
                    case CustomerLine.Valid valid -> {
                        String oldKey = oldHasher.keyOf(valid.issuer(), valid.customerId()).value();
                        if (batch.customers.putIfAbsent(oldKey,
                                newHasher.keyOf(valid.issuer(), valid.customerId()).value()) != null) {
                            batch.repeated++;
                        }
                    }
                }
            }
            return batch.read() == 0 ? null : batch;
        };
    }

    /** Judges every customer of the batch and moves those still under the old key. */
    private void rekey(Batch batch) throws InterruptedException {
        Map<String, String> pending = new LinkedHashMap<>(batch.customers);
        for (int round = 1; !pending.isEmpty(); round++) {
            if (round > MAX_JUDGEMENTS) {
                throw new IllegalStateException("customers still changing under the move after " + MAX_JUDGEMENTS
                        + " attempts; is the API still serving claims?");
            }
            Map<String, Map<String, AttributeValue>> found = read(pending);
            Map<String, String> again = new LinkedHashMap<>();
            for (Map.Entry<String, String> customer : pending.entrySet()) {
                Map<String, AttributeValue> oldItem = found.get(customer.getKey());
                boolean newPresent = found.containsKey(customer.getValue());
                if (oldItem == null) {
                    if (newPresent) {
                        batch.alreadyMoved++;
                    } else {
                        batch.notFound++;
                    }
                } else if (newPresent) {
                    batch.conflicts++;
                } else if (move(oldItem, customer.getValue())) {
                    batch.moved++;
                } else {
                    again.put(customer.getKey(), customer.getValue());
                }
            }
            pending = again;
            if (!pending.isEmpty()) {
                controls.backoff().pause(round);
            }
        }
    }

    /** Both keys of every customer, read strongly consistently. */
    private Map<String, Map<String, AttributeValue>> read(Map<String, String> customers) throws InterruptedException {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Map.Entry<String, String> customer : customers.entrySet()) {
            keys.add(Map.of(EligibilityItem.PK, AttributeValue.fromS(customer.getKey())));
            keys.add(Map.of(EligibilityItem.PK, AttributeValue.fromS(customer.getValue())));
        }
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        for (Map<String, AttributeValue> item : ConsistentBatchGet.read(dynamoDb, plan.table(), keys, whole -> { },
                controls.backoff())) {
            found.put(item.get(EligibilityItem.PK).s(), item);
        }
        return found;
    }

    /**
     * One customer's move in one transaction; false when a condition failed (the item changed, or the new key was
     * taken meanwhile), and the customer is to be judged again.
     */
    private boolean move(Map<String, AttributeValue> oldItem, String newKey) throws InterruptedException {
        Map<String, AttributeValue> newItem = new HashMap<>(oldItem);
        newItem.put(EligibilityItem.PK, AttributeValue.fromS(newKey));
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> unchanged = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, AttributeValue> attribute : oldItem.entrySet()) {
            names.put("#a" + i, attribute.getKey());
            if (EligibilityItem.PK.equals(attribute.getKey())) {
                unchanged.add("attribute_exists(#a" + i + ")");
            } else {
                values.put(":v" + i, attribute.getValue());
                unchanged.add("#a" + i + " = :v" + i);
            }
            i++;
        }
        for (String attribute : ITEM_ATTRIBUTES) {
            if (!oldItem.containsKey(attribute)) {
                names.put("#a" + i, attribute);
                unchanged.add("attribute_not_exists(#a" + i + ")");
                i++;
            }
        }
        TransactWriteItem put = TransactWriteItem.builder().put(Put.builder().tableName(plan.table()).item(newItem)
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk",
                        EligibilityItem.PK)).build()).build();
        TransactWriteItem delete = TransactWriteItem.builder().delete(Delete.builder().tableName(plan.table())
                .key(Map.of(EligibilityItem.PK, oldItem.get(EligibilityItem.PK)))
                .conditionExpression(String.join(" AND ", unchanged)).expressionAttributeNames(names)
                .expressionAttributeValues(values.isEmpty() ? null : values).build()).build();
        TransactWriteItemsRequest request = TransactWriteItemsRequest.builder().transactItems(put, delete).build();
        for (int attempt = 1; ; attempt++) {
            controls.acquire(WRITE_UNITS_PER_MOVE);
            try {
                // The SDK gives the call an idempotency token and keeps it across its own retries, so a retried
                // call whose first attempt succeeded is not applied twice; a later rerun fails its conditions.
                dynamoDb.transactWriteItems(request);
                return true;
            } catch (TransactionCanceledException e) {
                if (conditionFailed(e)) {
                    return false;
                }
                // TransactionConflict (another write to the item in flight) or throttling: try again.
                retry(attempt, e);
            } catch (SdkException e) {
                if (!AwsFailures.isTransient(e)) {
                    throw e;
                }
                retry(attempt, e);
            }
        }
    }

    private void retry(int attempt, SdkException cause) throws InterruptedException {
        if (attempt >= controls.backoff().maxAttempts()) {
            throw new IllegalStateException("TransactWriteItems still failing after " + attempt + " attempts ("
                    + cause.getClass().getSimpleName() + ")");
        }
        controls.backoff().pause(attempt);
    }

    private static boolean conditionFailed(TransactionCanceledException e) {
        if (!e.hasCancellationReasons()) {
            return false;
        }
        for (CancellationReason reason : e.cancellationReasons()) {
            if ("ConditionalCheckFailed".equals(reason.code())) {
                return true;
            }
        }
        return false;
    }

    /** Consecutive lines and the customers they name, by old key. */
    static final class Batch extends CustomerListRun.Batch {
        final Map<String, String> customers = new LinkedHashMap<>();
        long invalid;
        long repeated;
        long moved;
        long alreadyMoved;
        long notFound;
        long conflicts;

        Batch(long sequence, long firstLine) {
            super(sequence, firstLine);
        }

        RekeyCounts counts() {
            return new RekeyCounts(read(), moved, alreadyMoved + repeated, notFound, conflicts, invalid);
        }
    }
}

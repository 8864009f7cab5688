package kr.compensation.voucher.ops.rekey;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import kr.compensation.voucher.adapters.aws.AwsFailures;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.ops.load.CustomerLine;
import kr.compensation.voucher.ops.load.CustomerListParser;
import kr.compensation.voucher.ops.load.LoadCheckpoint;
import kr.compensation.voucher.ops.support.Backoff;
import kr.compensation.voucher.ops.support.Progress;
import kr.compensation.voucher.ops.support.TokenBucket;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
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
    private final TokenBucket writeUnits;
    private final Backoff backoff;
    private final PrintStream progressOut;
    private final Progress.Mode progressMode;
    private final LongSupplier nanoClock;
    private volatile boolean stopRequested;

    /** @param writeUnits null for no rate limit */
    public Rekeyer(RekeyPlan plan, DynamoDbClient dynamoDb, CustomerKeyHasher oldHasher, CustomerKeyHasher newHasher,
                   TokenBucket writeUnits, Backoff backoff, PrintStream progressOut, Progress.Mode progressMode,
                   LongSupplier nanoClock) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.oldHasher = Objects.requireNonNull(oldHasher, "oldHasher");
        this.newHasher = Objects.requireNonNull(newHasher, "newHasher");
        this.writeUnits = writeUnits;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.progressOut = Objects.requireNonNull(progressOut, "progressOut");
        this.progressMode = Objects.requireNonNull(progressMode, "progressMode");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** Asks a running rekey to stop after the batches in flight (Ctrl-C); safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    public RekeyResult run() throws IOException, InterruptedException {
        long started = nanoClock.getAsLong();
        String oldCheck = LoadCheckpoint.pepperCheck(oldHasher);
        String newCheck = LoadCheckpoint.pepperCheck(newHasher);
        if (oldCheck.equals(newCheck)) {
            throw new IllegalArgumentException("the old and the new pepper are the same");
        }
        long fileSize = Files.size(plan.csv());
        String digest = LoadCheckpoint.digestOf(plan.csv());
        RekeyCheckpoint resume = plan.restart() ? null : RekeyCheckpoint.read(plan.checkpoint()).orElse(null);
        if (resume != null && !resume.matches(plan.table(), fileSize, digest)) {
            throw new IllegalStateException("the checkpoint " + plan.checkpoint() + " belongs to another file or table;"
                    + " use --restart to start this file from its first line, or --checkpoint to choose another");
        }
        if (resume != null && !(resume.oldPepperCheck().equals(oldCheck) && resume.newPepperCheck().equals(newCheck))) {
            throw new IllegalStateException("the checkpoint " + plan.checkpoint() + " was made with other peppers;"
                    + " resume with the same old and new pepper");
        }
        if (resume != null && resume.complete()) {
            return new RekeyResult(resume.counts(), RekeyCounts.ZERO, resume.line(), RekeyResult.Outcome.ALREADY_COMPLETE,
                    null, elapsedSince(started));
        }
        long resumeLine = resume != null ? resume.line() : 1;
        RekeyCounts before = resume != null ? resume.counts() : RekeyCounts.ZERO;
        Completion completion = new Completion(resumeLine, before, fileSize, digest, oldCheck, newCheck);

        AtomicLong linesRead = new AtomicLong();
        ExecutorService workers = Executors.newFixedThreadPool(plan.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "rekey-worker");
            thread.setDaemon(true);
            return thread;
        });
        Semaphore slots = new Semaphore(plan.concurrency());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        boolean exhausted = false;
        Progress progress = Progress.start("rekey", "lines", () -> new Progress.Snapshot(linesRead.get(), Double.NaN),
                progressOut, progressMode);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(plan.csv()),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16)) {
            try {
                CustomerListParser parser = CustomerListParser.fromHeader(reader.readLine());
                long line = 1;
                while (line < resumeLine && reader.readLine() != null) {
                    line++;
                }
                long sequence = 0;
                while (!stopRequested && failure.get() == null) {
                    Batch batch = new Batch(sequence++);
                    String text;
                    while (batch.customers.size() < BATCH_SIZE && (text = reader.readLine()) != null) {
                        line++;
                        batch.lastLine = line;
                        batch.read++;
                        switch (parser.parse(line, text)) {
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
                    if (batch.read == 0) {
                        exhausted = true;
                        break;
                    }
                    linesRead.addAndGet(batch.read);
                    slots.acquire();
                    workers.execute(() -> {
                        try {
                            rekey(batch);
                            completion.done(batch);
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        } finally {
                            slots.release();
                        }
                    });
                }
            } finally {
                workers.shutdown();
                while (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
                    progressOut.println("rekey: waiting for moves in flight to finish");
                }
                progress.close();
            }
        }
        boolean complete = exhausted && failure.get() == null && completion.allDone();
        completion.save(complete);
        RekeyResult.Outcome outcome = complete ? RekeyResult.Outcome.COMPLETE
                : failure.get() != null ? RekeyResult.Outcome.FAILED : RekeyResult.Outcome.STOPPED;
        Throwable cause = failure.get();
        return new RekeyResult(completion.total(), completion.total().minus(before), resumeLine, outcome,
                cause == null ? null : cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), elapsedSince(started));
    }

    private Duration elapsedSince(long started) {
        return Duration.ofNanos(nanoClock.getAsLong() - started);
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
                backoff.pause(round);
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
        int attempt = 0;
        while (!keys.isEmpty()) {
            List<Map<String, AttributeValue>> request = keys;
            BatchGetItemResponse response = dynamoDb.batchGetItem(r -> r.requestItems(Map.of(plan.table(),
                    KeysAndAttributes.builder().keys(request).consistentRead(true).build())));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(plan.table(), List.of())) {
                found.put(item.get(EligibilityItem.PK).s(), item);
            }
            KeysAndAttributes unprocessed = response.hasUnprocessedKeys()
                    ? response.unprocessedKeys().get(plan.table()) : null;
            keys = unprocessed != null && unprocessed.hasKeys() ? new ArrayList<>(unprocessed.keys()) : List.of();
            if (!keys.isEmpty()) {
                attempt++;
                if (attempt >= backoff.maxAttempts()) {
                    throw new IllegalStateException("BatchGetItem still has unprocessed keys after " + attempt
                            + " attempts");
                }
                backoff.pause(attempt);
            }
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
            if (writeUnits != null) {
                writeUnits.acquire(WRITE_UNITS_PER_MOVE);
            }
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
        if (attempt >= backoff.maxAttempts()) {
            throw new IllegalStateException("TransactWriteItems still failing after " + attempt + " attempts ("
                    + cause.getClass().getSimpleName() + ")");
        }
        backoff.pause(attempt);
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
    private static final class Batch {
        final long sequence;
        final Map<String, String> customers = new LinkedHashMap<>();
        long lastLine;
        long read;
        long invalid;
        long repeated;
        long moved;
        long alreadyMoved;
        long notFound;
        long conflicts;

        Batch(long sequence) {
            this.sequence = sequence;
        }

        RekeyCounts counts() {
            return new RekeyCounts(read, moved, alreadyMoved + repeated, notFound, conflicts, invalid);
        }
    }

    /** Orders completions: counts and the checkpoint only advance over a contiguous prefix of batches. */
    private final class Completion {

        private final Map<Long, Batch> early = new HashMap<>();
        private final long fileSize;
        private final String digest;
        private final String oldCheck;
        private final String newCheck;
        private long nextSequence;
        private long line;
        private RekeyCounts total;
        private long lastSaved;

        Completion(long line, RekeyCounts total, long fileSize, String digest, String oldCheck, String newCheck) {
            this.line = line;
            this.total = total;
            this.fileSize = fileSize;
            this.digest = digest;
            this.oldCheck = oldCheck;
            this.newCheck = newCheck;
            this.lastSaved = nanoClock.getAsLong();
        }

        synchronized void done(Batch batch) {
            early.put(batch.sequence, batch);
            Batch next;
            while ((next = early.remove(nextSequence)) != null) {
                total = total.plus(next.counts());
                line = next.lastLine;
                nextSequence++;
            }
            if (nanoClock.getAsLong() - lastSaved >= plan.checkpointInterval().toNanos()) {
                save(false);
            }
        }

        synchronized boolean allDone() {
            return early.isEmpty();
        }

        synchronized RekeyCounts total() {
            return total;
        }

        synchronized void save(boolean complete) {
            new RekeyCheckpoint(plan.table(), fileSize, digest, oldCheck, newCheck, line, total, complete)
                    .write(plan.checkpoint());
            lastSaved = nanoClock.getAsLong();
        }
    }
}

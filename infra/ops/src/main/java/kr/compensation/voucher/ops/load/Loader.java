package kr.compensation.voucher.ops.load;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import kr.compensation.voucher.ops.support.Backoff;
import kr.compensation.voucher.ops.support.Progress;
import kr.compensation.voucher.ops.support.TokenBucket;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Loads the affected-customer list into the eligibility table.
 *
 * <h2>Why a re-run never resets a claim or a voucher</h2>
 * BatchWriteItem puts cannot carry a condition, so a blind put of a loaded customer would overwrite their claim and
 * voucher with a fresh item. Each batch therefore first reads its keys (BatchGetItem, strongly consistent, projecting
 * only {@code pk}) and puts only the keys that are absent. No claim or grant can slip in between that read and the
 * put, because nothing but this loader ever <em>creates</em> an item: a claim and a grant are conditional updates
 * requiring {@code attribute_exists(pk)} (see DynamoDbEligibilityRepository), so an item that is absent when read
 * stays absent until the loader's own put. Two consequences are enforced here:
 * <ul>
 *   <li>the loader must not race itself on one key: a key repeated in the file while its first batch is still in
 *       flight is skipped on the spot rather than checked against the table ({@link BatchAssembler});</li>
 *   <li>a put whose outcome is unknown (timeout, 5xx) is never blindly repeated: the SDK client used for writes
 *       does not retry on its own, and this class reads the keys again before putting what is still missing.
 *       Unprocessed items and throttled requests were, by DynamoDB's contract, not written, so those are retried
 *       as they are.</li>
 * </ul>
 *
 * <h2>Resuming</h2>
 * Batches are written by several workers and complete out of order. The checkpoint records the last line up to
 * which every batch is done, atomically and at most every {@link LoadPlan#checkpointInterval()}; a resumed run skips
 * to it. Lines past it that were written before a crash are read again and found present, so each valid line is
 * written exactly once; after a hard kill (no chance to save the checkpoint) their writes show as "skipped" in the
 * resumed run's counts. A stop request (Ctrl-C) or a failure lets the workers finish and saves the checkpoint.
 */
public final class Loader {

    private static final String PK_PLACEHOLDER = "#pk";

    private final LoadPlan plan;
    private final DynamoDbClient reads;
    private final DynamoDbClient writes;
    private final CustomerKeyHasher hasher;
    private final TokenBucket writeUnits;
    private final Backoff backoff;
    private final PrintStream progressOut;
    private final Progress.Mode progressMode;
    private final LongSupplier nanoClock;
    private volatile boolean stopRequested;

    /**
     * @param reads      client for BatchGetItem (SDK retries on)
     * @param writes     client for BatchWriteItem with SDK retries off (see the class comment)
     * @param writeUnits null for no rate limit
     */
    public Loader(LoadPlan plan, DynamoDbClient reads, DynamoDbClient writes, CustomerKeyHasher hasher,
                  TokenBucket writeUnits, Backoff backoff, PrintStream progressOut, Progress.Mode progressMode,
                  LongSupplier nanoClock) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.reads = plan.dryRun() ? reads : Objects.requireNonNull(reads, "reads");
        this.writes = plan.dryRun() ? writes : Objects.requireNonNull(writes, "writes");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.writeUnits = writeUnits;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.progressOut = Objects.requireNonNull(progressOut, "progressOut");
        this.progressMode = Objects.requireNonNull(progressMode, "progressMode");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** Asks a running load to stop after the batches in flight (Ctrl-C); safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    public LoadResult run() throws IOException, InterruptedException {
        return load();
    }

    private LoadResult load() throws IOException, InterruptedException {
        long started = nanoClock.getAsLong();
        long fileSize = Files.size(plan.csv());
        String digest = LoadCheckpoint.digestOf(plan.csv());
        LoadCheckpoint resume = plan.dryRun() || plan.restart() ? null : LoadCheckpoint.read(plan.checkpoint())
                .orElse(null);
        String pepperCheck = LoadCheckpoint.pepperCheck(hasher);
        if (resume != null && !resume.matches(plan.table(), fileSize, digest)) {
            throw new IllegalStateException("the checkpoint " + plan.checkpoint() + " belongs to another file or table;"
                    + " use --restart to start this file from its first line, or --checkpoint to choose another");
        }
        if (resume != null && !pepperCheck.equals(resume.pepperCheck())) {
            throw new IllegalStateException("the checkpoint " + plan.checkpoint() + " was made with another pepper;"
                    + " resume with the same pepper (a different one would key customers differently)");
        }
        if (resume != null && resume.complete()) {
            return new LoadResult(resume.counts(), LoadCounts.ZERO, resume.line(), LoadResult.Outcome.ALREADY_COMPLETE,
                    false, null, List.of(), elapsedSince(started));
        }
        long resumeLine = resume != null ? resume.line() : 1;
        LoadCounts before = resume != null ? resume.counts() : LoadCounts.ZERO;
        Completion completion = new Completion(resumeLine, before,
                resume != null ? resume.rejectedReportBytes() : 0, fileSize, digest, pepperCheck);

        AtomicLong linesRead = new AtomicLong();
        CountingInputStream bytes = new CountingInputStream(Files.newInputStream(plan.csv()));
        // Replace, not fail, on bad bytes: the parser refuses such a line by number instead of aborting the load.
        BufferedReader reader = new BufferedReader(new InputStreamReader(bytes, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)),
                1 << 16);
        RejectedLines rejected = plan.dryRun() ? RejectedLines.open(plan.rejectedReport(), 0)
                : RejectedLines.open(plan.rejectedReport(), completion.rejectedReportBytes);
        completion.rejected = rejected;
        ExecutorService workers = Executors.newFixedThreadPool(plan.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "load-writer");
            thread.setDaemon(true);
            return thread;
        });
        Semaphore slots = new Semaphore(plan.concurrency());
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        boolean exhausted = false;
        boolean complete;
        try (rejected) {
            Progress progress = Progress.start(plan.dryRun() ? "load (dry run)" : "load", "lines",
                    () -> new Progress.Snapshot(linesRead.get(), fileSize == 0 ? 1 : (double) bytes.count / fileSize),
                    progressOut, progressMode);
            try (reader) {
                try {
                    CustomerListParser parser = CustomerListParser.fromHeader(reader.readLine());
                    long line = 1;
                    while (line < resumeLine && reader.readLine() != null) {
                        line++;
                    }
                    BatchAssembler assembler = new BatchAssembler(reader, parser, hasher, line, inFlight::contains,
                            rejected, plan.batchSize());
                    while (!stopRequested && failure.get() == null) {
                        Batch batch = assembler.next();
                        if (batch == null) {
                            exhausted = true;
                            break;
                        }
                        linesRead.addAndGet(batch.read);
                        slots.acquire();
                        inFlight.addAll(batch.items.keySet());
                        workers.execute(() -> {
                            try {
                                write(batch);
                                completion.done(batch);
                            } catch (Throwable e) {
                                failure.compareAndSet(null, e);
                            } finally {
                                inFlight.removeAll(batch.items.keySet());
                                slots.release();
                            }
                        });
                    }
                } finally {
                    // Let every batch in flight finish, so the checkpoint below covers all that was written.
                    workers.shutdown();
                    while (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
                        progressOut.println("load: waiting for writes in flight to finish");
                    }
                }
            } finally {
                progress.close();
            }
            complete = exhausted && failure.get() == null && completion.allDone();
            if (!plan.dryRun()) {
                completion.save(complete);
            }
        }
        LoadResult.Outcome outcome = complete ? LoadResult.Outcome.COMPLETE
                : failure.get() != null ? LoadResult.Outcome.FAILED : LoadResult.Outcome.STOPPED;
        Throwable cause = failure.get();
        return new LoadResult(completion.total(), completion.total().minus(before), resumeLine, outcome,
                plan.dryRun(), cause == null ? null : describe(cause), rejected.sample(), elapsedSince(started));
    }

    private Duration elapsedSince(long started) {
        return Duration.ofNanos(nanoClock.getAsLong() - started);
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Writes the batch's absent items; see the class comment for why it reads first. */
    private void write(Batch batch) throws InterruptedException {
        if (batch.items.isEmpty()) {
            return;
        }
        if (plan.dryRun()) {
            batch.written = batch.items.size();
            return;
        }
        Map<String, Map<String, AttributeValue>> pending = new LinkedHashMap<>(batch.items);
        Set<String> outcomeUnknown = new HashSet<>();
        int attempt = 0;
        while (!pending.isEmpty()) {
            for (String present : existing(pending.keySet())) {
                pending.remove(present);
                // Absent before our put whose outcome we did not learn, present now: only that put can have made it.
                if (outcomeUnknown.contains(present)) {
                    batch.written++;
                } else {
                    batch.alreadyPresent++;
                }
            }
            outcomeUnknown.clear();
            while (!pending.isEmpty()) {
                if (writeUnits != null) {
                    // Each item is far below 1 KB: one write unit per put.
                    writeUnits.acquire(pending.size());
                }
                try {
                    Set<String> unprocessed = put(pending.values());
                    int before = pending.size();
                    pending.keySet().retainAll(unprocessed);
                    batch.written += before - pending.size();
                    if (!pending.isEmpty()) {
                        attempt = retry(attempt, "unprocessed items");
                    }
                } catch (SdkException e) {
                    if (!AwsFailures.isTransient(e)) {
                        throw e;
                    }
                    attempt = retry(attempt, e.getClass().getSimpleName());
                    if (!isThrottling(e)) {
                        outcomeUnknown.addAll(pending.keySet());
                        break; // read the keys again before putting any of them
                    }
                }
            }
        }
    }

    private int retry(int attempt, String why) throws InterruptedException {
        int next = attempt + 1;
        if (next >= backoff.maxAttempts()) {
            throw new IllegalStateException("BatchWriteItem still failing after " + next + " attempts (" + why + ")");
        }
        backoff.pause(next);
        return next;
    }

    private static boolean isThrottling(SdkException e) {
        return e instanceof AwsServiceException service && service.statusCode() < 500 && AwsFailures.isTransient(e);
    }

    private Set<String> put(java.util.Collection<Map<String, AttributeValue>> items) {
        List<WriteRequest> requests = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        BatchWriteItemResponse response = writes.batchWriteItem(r -> r.requestItems(Map.of(plan.table(), requests)));
        Set<String> unprocessed = new HashSet<>();
        if (response.hasUnprocessedItems()) {
            for (WriteRequest request : response.unprocessedItems().getOrDefault(plan.table(), List.of())) {
                unprocessed.add(request.putRequest().item().get(EligibilityItem.PK).s());
            }
        }
        return unprocessed;
    }

    /** Which of these keys the table has, read strongly consistently so that a write just acknowledged is seen. */
    private Set<String> existing(Set<String> keys) throws InterruptedException {
        Set<String> present = new HashSet<>();
        List<Map<String, AttributeValue>> pending = new ArrayList<>(keys.size());
        for (String pk : keys) {
            pending.add(Map.of(EligibilityItem.PK, AttributeValue.fromS(pk)));
        }
        int attempt = 0;
        while (!pending.isEmpty()) {
            KeysAndAttributes request = KeysAndAttributes.builder()
                    .keys(pending)
                    .projectionExpression(PK_PLACEHOLDER)
                    .expressionAttributeNames(Map.of(PK_PLACEHOLDER, EligibilityItem.PK))
                    .consistentRead(true)
                    .build();
            BatchGetItemResponse response = reads.batchGetItem(r -> r.requestItems(Map.of(plan.table(), request)));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(plan.table(), List.of())) {
                present.add(item.get(EligibilityItem.PK).s());
            }
            KeysAndAttributes unprocessed = response.hasUnprocessedKeys()
                    ? response.unprocessedKeys().get(plan.table()) : null;
            pending = unprocessed != null && unprocessed.hasKeys() ? new ArrayList<>(unprocessed.keys()) : List.of();
            if (!pending.isEmpty()) {
                attempt++;
                if (attempt >= backoff.maxAttempts()) {
                    throw new IllegalStateException("BatchGetItem still has unprocessed keys after " + attempt
                            + " attempts");
                }
                backoff.pause(attempt);
            }
        }
        return present;
    }

    /**
     * Orders completions: counts and the checkpoint only advance over a contiguous prefix of batches.
     */
    private final class Completion {

        private final Map<Long, Batch> early = new HashMap<>();
        private final long fileSize;
        private final String digest;
        private final String pepperCheck;
        private long nextSequence;
        private long line;
        private LoadCounts total;
        private long rejectedReportBytes;
        private long lastSaved;
        RejectedLines rejected;

        Completion(long line, LoadCounts total, long rejectedReportBytes, long fileSize, String digest,
                   String pepperCheck) {
            this.line = line;
            this.total = total;
            this.rejectedReportBytes = rejectedReportBytes;
            this.fileSize = fileSize;
            this.digest = digest;
            this.pepperCheck = pepperCheck;
            this.lastSaved = nanoClock.getAsLong();
        }

        synchronized void done(Batch batch) {
            early.put(batch.sequence, batch);
            Batch next;
            while ((next = early.remove(nextSequence)) != null) {
                total = total.plus(next.counts());
                line = next.lastLine;
                rejectedReportBytes = next.rejectedReportBytes;
                nextSequence++;
            }
            if (!plan.dryRun() && nanoClock.getAsLong() - lastSaved >= plan.checkpointInterval().toNanos()) {
                save(false);
            }
        }

        synchronized boolean allDone() {
            return early.isEmpty();
        }

        synchronized LoadCounts total() {
            return total;
        }

        synchronized void save(boolean complete) {
            rejected.flush();
            new LoadCheckpoint(plan.table(), fileSize, digest, pepperCheck, line, total, rejectedReportBytes, complete)
                    .write(plan.checkpoint());
            lastSaved = nanoClock.getAsLong();
        }
    }

    /** Counts the bytes the reader has taken from the file, for the progress bar's fraction. */
    private static final class CountingInputStream extends FilterInputStream {

        volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}

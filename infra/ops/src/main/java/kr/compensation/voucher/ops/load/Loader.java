package kr.compensation.voucher.ops.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import kr.compensation.voucher.adapters.aws.AwsFailures;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.ops.support.ConsistentBatchGet;
import kr.compensation.voucher.ops.support.RunControls;
import kr.compensation.voucher.ops.support.RunOutcome;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
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
 * Batches are written by several workers and complete out of order ({@link CustomerListRun}, which rekey shares).
 * The checkpoint records the last line up to which every batch is done, atomically and at most every
 * {@link LoadPlan#checkpointInterval()}; a resumed run skips to it. Lines past it that were written before a crash are read again and found present, so each valid line is
 * written exactly once; after a hard kill (no chance to save the checkpoint) their writes show as "skipped" in the
 * resumed run's counts. A stop request (Ctrl-C) or a failure lets the workers finish and saves the checkpoint.
 */
public final class Loader {

    private static final String PK_PLACEHOLDER = "#pk";

    private final LoadPlan plan;
    private final DynamoDbClient reads;
    private final DynamoDbClient writes;
    private final CustomerKeyHasher hasher;
    private final RunControls controls;

    /**
     * @param reads    client for BatchGetItem (SDK retries on)
     * @param writes   client for BatchWriteItem with SDK retries off (see the class comment)
     * @param controls its rate limit counts write units
     */
    public Loader(LoadPlan plan, DynamoDbClient reads, DynamoDbClient writes, CustomerKeyHasher hasher,
                  RunControls controls) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.reads = plan.dryRun() ? reads : Objects.requireNonNull(reads, "reads");
        this.writes = plan.dryRun() ? writes : Objects.requireNonNull(writes, "writes");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.controls = Objects.requireNonNull(controls, "controls");
    }

    public LoadResult run() throws IOException, InterruptedException {
        long started = controls.nanoTime();
        String pepperCheck = LoadCheckpoint.pepperCheck(hasher);
        LoadCheckpoint start = CustomerListRun.startingPoint(plan.csv(), plan.table(), plan.checkpoint(),
                plan.dryRun() || plan.restart() ? Optional.empty() : LoadCheckpoint.read(plan.checkpoint()),
                (fileSize, digest) -> LoadCheckpoint.fresh(plan.table(), fileSize, digest, pepperCheck));
        if (!pepperCheck.equals(start.pepperCheck())) {
            throw new IllegalStateException("the checkpoint " + plan.checkpoint() + " was made with another "
                    + "pepper; resume with the same pepper (a different one would key customers differently)");
        }
        if (start.complete()) {
            return new LoadResult(start.counts(), LoadCounts.ZERO, start.line(), RunOutcome.ALREADY_COMPLETE, false,
                    null, List.of(), controls.elapsedSince(started));
        }
        Set<String> inFlight = ConcurrentHashMap.newKeySet();
        RejectedLines rejected = RejectedLines.open(plan.rejectedReport(),
                plan.dryRun() ? 0 : start.rejectedReportBytes());
        CustomerListRun.Ending<LoadCheckpoint> end;
        try (rejected) {
            end = new CustomerListRun<Batch, LoadCheckpoint>("load", plan.dryRun() ? "load (dry run)" : "load",
                    plan.csv(), plan.concurrency(), plan.checkpointInterval(), controls).run(start,
                    (reader, parser, line) -> {
                        BatchAssembler assembler = new BatchAssembler(reader, parser, hasher, line, inFlight::contains,
                                rejected, plan.batchSize());
                        return () -> {
                            Batch batch = assembler.next();
                            if (batch != null) {
                                inFlight.addAll(batch.items.keySet());
                            }
                            return batch;
                        };
                    },
                    batch -> {
                        try {
                            write(batch);
                        } finally {
                            inFlight.removeAll(batch.items.keySet());
                        }
                    },
                    plan.dryRun() ? checkpoint -> { } : checkpoint -> {
                        rejected.flush();
                        checkpoint.write(plan.checkpoint());
                    });
        }
        LoadCounts total = end.checkpoint().counts();
        return new LoadResult(total, total.minus(start.counts()), start.line(), end.outcome(), plan.dryRun(),
                end.failure(), rejected.sample(), controls.elapsedSince(started));
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
                // Each item is far below 1 KB: one write unit per put.
                controls.acquire(pending.size());
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
        if (next >= controls.backoff().maxAttempts()) {
            throw new IllegalStateException("BatchWriteItem still failing after " + next + " attempts (" + why + ")");
        }
        controls.backoff().pause(next);
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
        List<Map<String, AttributeValue>> request = new ArrayList<>(keys.size());
        for (String pk : keys) {
            request.add(Map.of(EligibilityItem.PK, AttributeValue.fromS(pk)));
        }
        Set<String> present = new HashSet<>();
        for (Map<String, AttributeValue> item : ConsistentBatchGet.read(reads, plan.table(), request,
                only -> only.projectionExpression(PK_PLACEHOLDER)
                        .expressionAttributeNames(Map.of(PK_PLACEHOLDER, EligibilityItem.PK)), controls.backoff())) {
            present.add(item.get(EligibilityItem.PK).s());
        }
        return present;
    }
}

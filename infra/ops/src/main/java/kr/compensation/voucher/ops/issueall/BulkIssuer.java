package kr.compensation.voucher.ops.issueall;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import kr.compensation.voucher.adapters.aws.AwsFailures;
import kr.compensation.voucher.adapters.dynamodb.EligibilityConditions;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.adapters.sqs.IssueRequestCodec;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.IssueRequest;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.ops.support.Progress;
import kr.compensation.voucher.ops.support.RunControls;
import kr.compensation.voucher.ops.support.RunOutcome;
import kr.compensation.voucher.ops.support.SegmentWorkers;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Puts an issue request on the queue for every eligible customer who has no voucher yet, for ops-driven issuance.
 *
 * <p>Why sending twice is fine: the issuer grants with a conditional write that requires no voucher on the item,
 * so a second request for a customer (from a resumed run, a retried batch entry, or the customer's own claim) ends
 * as "already issued" and creates nothing. This lets the tool retry and resume freely instead of tracking each
 * message: after a crash it resumes every segment from the last page whose messages were all accepted.
 */
public final class BulkIssuer {

    /** SendMessageBatch takes at most ten entries. */
    public static final int SQS_BATCH = 10;
    /** Who is owed a voucher and has none: the grant's own condition, so the scan selects exactly what may be granted. */
    static final EligibilityConditions.Condition FILTER = EligibilityConditions.MAY_BE_GRANTED;

    private final BulkIssuePlan plan;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final IssueRequestCodec codec;
    private final Clock clock;
    private final RunControls controls;
    private final AtomicLong scanned = new AtomicLong();
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong notCustomerKeys = new AtomicLong();
    private final SegmentWorkers workers = new SegmentWorkers("issue-all-segment");

    /** @param controls its rate limit counts messages */
    public BulkIssuer(BulkIssuePlan plan, DynamoDbClient dynamoDb, SqsClient sqs, IssueRequestCodec codec, Clock clock,
                      RunControls controls) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.controls = Objects.requireNonNull(controls, "controls");
    }

    public IssueAllResult run() throws InterruptedException {
        long started = controls.nanoTime();
        IssueAllCheckpoint checkpoint = plan.restart() ? null : IssueAllCheckpoint.read(plan.checkpoint()).orElse(null);
        if (checkpoint != null) {
            if (!checkpoint.table().equals(plan.table())) {
                throw new IllegalStateException("the checkpoint " + plan.checkpoint() + " is for table "
                        + checkpoint.table() + "; use --restart or another --checkpoint");
            }
            if (checkpoint.segments() != plan.segments()) {
                throw new IllegalStateException("the checkpoint " + plan.checkpoint() + " was made with --segments "
                        + checkpoint.segments() + "; resume with the same number, or use --restart");
            }
            if (checkpoint.allDone()) {
                return new IssueAllResult(0, 0, 0, 0, checkpoint.sent(), RunOutcome.ALREADY_COMPLETE, null,
                        controls.elapsedSince(started));
            }
        } else {
            checkpoint = IssueAllCheckpoint.fresh(plan.table(), plan.segments());
            checkpoint.write(plan.checkpoint());
        }
        IssueAllCheckpoint progress = checkpoint;
        Progress bar = controls.progress("issue-all", "requests", () -> new Progress.Snapshot(sent.get(), Double.NaN));
        try {
            workers.run(plan.threads(), IntStream.range(0, plan.segments()).filter(s -> !progress.isDone(s)).boxed()
                    .toList(), segment -> scanSegment(segment, progress));
        } finally {
            bar.close();
        }
        Throwable cause = workers.failure();
        return new IssueAllResult(scanned.get(), matched.get(), notCustomerKeys.get(), sent.get(), progress.sent(),
                RunOutcome.of(progress.allDone() && cause == null, cause), RunOutcome.describe(cause), controls.elapsedSince(started));
    }

    private void scanSegment(int segment, IssueAllCheckpoint checkpoint) throws InterruptedException {
        String after = checkpoint.resumeAfter(segment);
        do {
            if (controls.stopRequested() || workers.failed()) {
                return;
            }
            ScanRequest.Builder request = ScanRequest.builder()
                    .tableName(plan.table())
                    .segment(segment)
                    .totalSegments(plan.segments())
                    .limit(plan.pageSize())
                    .filterExpression(FILTER.expression())
                    .projectionExpression("#pk")
                    .expressionAttributeNames(FILTER.namesWith(Map.of("#pk", EligibilityItem.PK)))
                    .expressionAttributeValues(FILTER.values());
            if (after != null) {
                request.exclusiveStartKey(Map.of(EligibilityItem.PK, AttributeValue.fromS(after)));
            }
            ScanResponse page = dynamoDb.scan(request.build());
            scanned.addAndGet(page.scannedCount());
            matched.addAndGet(page.count());
            List<CustomerKey> keys = new ArrayList<>(page.count());
            for (Map<String, AttributeValue> item : page.items()) {
                String pk = item.get(EligibilityItem.PK).s();
                if (CustomerKey.isWellFormed(pk)) {
                    keys.add(new CustomerKey(pk));
                } else {
                    // Not written by the loader; the issuer could not grant it either. reconcile names such items.
                    notCustomerKeys.incrementAndGet();
                }
            }
            for (int from = 0; from < keys.size(); from += SQS_BATCH) {
                send(keys.subList(from, Math.min(from + SQS_BATCH, keys.size())));
            }
            after = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? page.lastEvaluatedKey().get(EligibilityItem.PK).s() : null;
            checkpoint.pageSent(segment, after, keys.size());
            checkpoint.write(plan.checkpoint());
        } while (after != null);
    }

    private void send(List<CustomerKey> keys) throws InterruptedException {
        Map<String, SendMessageBatchRequestEntry> pending = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            IssueRequest request = new IssueRequest(keys.get(i), IssueSource.OPS_BULK, UUID.randomUUID().toString(),
                    clock.instant());
            String id = Integer.toString(i);
            pending.put(id, SendMessageBatchRequestEntry.builder().id(id).messageBody(codec.encode(request)).build());
        }
        int attempt = 0;
        while (!pending.isEmpty()) {
            controls.acquire(pending.size());
            String why;
            try {
                List<SendMessageBatchRequestEntry> entries = List.copyOf(pending.values());
                SendMessageBatchResponse response = sqs.sendMessageBatch(r -> r.queueUrl(plan.queueUrl())
                        .entries(entries));
                response.successful().forEach(ok -> pending.remove(ok.id()));
                sent.addAndGet(response.successful().size());
                for (BatchResultErrorEntry error : response.failed()) {
                    if (Boolean.TRUE.equals(error.senderFault())) {
                        throw new IllegalStateException("SQS refused an issue request: " + error.code());
                    }
                }
                why = "failed entries";
            } catch (SdkException e) {
                if (!AwsFailures.isTransient(e)) {
                    throw e;
                }
                // Entries may have been enqueued before the error; sending them again is harmless (see above).
                why = e.getClass().getSimpleName();
            }
            if (!pending.isEmpty()) {
                attempt++;
                if (attempt >= controls.backoff().maxAttempts()) {
                    throw new IllegalStateException("SendMessageBatch still failing after " + attempt + " attempts ("
                            + why + ")");
                }
                controls.backoff().pause(attempt);
            }
        }
    }
}

package kr.compensation.voucher.locallambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What Lambda makes of an invocation's answer with {@code ReportBatchItemFailures}: which messages it deletes and
 * which it leaves on the queue to come back after the visibility timeout.
 *
 * <p>Lambda's rules (AWS Lambda developer guide, "Handling errors for an SQS event source"): a null response, a null
 * or empty failure list means every message succeeded; a failure naming a message of the batch returns that message;
 * a failure with a null, empty or unknown id, a thrown exception or a timeout returns the whole batch.
 *
 * @param toDelete       message ids that succeeded
 * @param toReturn       message ids left on the queue
 * @param wholeBatchFailed why the whole batch was returned, or null
 */
public record BatchVerdict(List<String> toDelete, List<String> toReturn, String wholeBatchFailed) {

    public BatchVerdict {
        toDelete = List.copyOf(toDelete);
        toReturn = List.copyOf(toReturn);
    }

    public static BatchVerdict of(List<String> messageIds, SQSBatchResponse response) {
        if (response == null || response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
            return new BatchVerdict(messageIds, List.of(), null);
        }
        Set<String> inBatch = new HashSet<>(messageIds);
        Set<String> failed = new LinkedHashSet<>();
        for (SQSBatchResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            String id = failure == null ? null : failure.getItemIdentifier();
            if (id == null || id.isEmpty()) {
                return wholeBatchFailed(messageIds, "a batch item failure without an itemIdentifier");
            }
            if (!inBatch.contains(id)) {
                return wholeBatchFailed(messageIds, "a batch item failure naming a message not in the batch");
            }
            failed.add(id);
        }
        List<String> succeeded = new ArrayList<>();
        List<String> returned = new ArrayList<>();
        for (String id : messageIds) {
            (failed.contains(id) ? returned : succeeded).add(id);
        }
        return new BatchVerdict(succeeded, returned, null);
    }

    public static BatchVerdict wholeBatchFailed(List<String> messageIds, String reason) {
        return new BatchVerdict(List.of(), messageIds, Objects.requireNonNull(reason, "reason"));
    }

    public boolean isWholeBatchFailure() {
        return wholeBatchFailed != null;
    }
}

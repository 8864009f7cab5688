package kr.compensation.voucher.issuer;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch came to: the ids of the messages SQS must deliver again, and how many messages ended in each way.
 *
 * @param failedMessageIds in batch order
 */
public record BatchResult(List<String> failedMessageIds, Map<MessageOutcome, Integer> counts) {

    public BatchResult {
        failedMessageIds = List.copyOf(failedMessageIds);
        EnumMap<MessageOutcome, Integer> all = new EnumMap<>(MessageOutcome.class);
        for (MessageOutcome outcome : MessageOutcome.values()) {
            all.put(outcome, counts.getOrDefault(outcome, 0));
        }
        counts = Collections.unmodifiableMap(all);
    }

    public int count(MessageOutcome outcome) {
        return counts.get(outcome);
    }
}

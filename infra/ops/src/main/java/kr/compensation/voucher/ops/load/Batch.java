package kr.compensation.voucher.ops.load;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A run of consecutive lines, {@code (previous batch's last line, lastLine]}, and the items its valid lines make
 * (at most one BatchWriteItem's worth). Batches complete out of order; the checkpoint only moves past a batch once
 * every earlier batch is done too.
 */
public final class Batch extends CustomerListRun.Batch {

    /** Items by partition key, in line order; a key appears once even if the file repeats it. */
    final Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
    long duplicates;
    final EnumMap<InvalidReason, Long> invalid = new EnumMap<>(InvalidReason.class);
    /** Length of the rejected-lines report once this batch's lines are in it. */
    long rejectedReportBytes;
    long written;
    long alreadyPresent;

    Batch(long sequence, long firstLine) {
        super(sequence, firstLine);
    }

    public int size() {
        return items.size();
    }

    public List<Map<String, AttributeValue>> items() {
        return new ArrayList<>(items.values());
    }

    LoadCounts counts() {
        long invalidTotal = invalid.values().stream().mapToLong(Long::longValue).sum();
        return new LoadCounts(read(), written, alreadyPresent + duplicates, invalidTotal, invalid);
    }
}

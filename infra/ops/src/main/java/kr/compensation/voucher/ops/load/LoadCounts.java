package kr.compensation.voucher.ops.load;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import kr.compensation.voucher.ops.support.CheckpointFile;

/**
 * What a load did with the lines it read. {@code read = written + skipped + invalid} once every line is done.
 *
 * @param read    data lines read (the header is not counted)
 * @param written items created in the table by this load
 * @param skipped valid lines whose customer was already in the table, or appeared earlier in the file
 * @param invalid lines refused, by reason in {@code invalidByReason}
 */
public record LoadCounts(long read, long written, long skipped, long invalid, Map<InvalidReason, Long> invalidByReason) {

    public static final LoadCounts ZERO = new LoadCounts(0, 0, 0, 0, Map.of());

    public LoadCounts {
        EnumMap<InvalidReason, Long> copy = new EnumMap<>(InvalidReason.class);
        copy.putAll(invalidByReason);
        invalidByReason = Collections.unmodifiableMap(copy);
    }

    /** The counts as a checkpoint holds them: read, written, skipped, invalid, then invalid.REASON for each reason. */
    SequencedMap<String, String> entries() {
        SequencedMap<String, String> values = new LinkedHashMap<>();
        values.put("read", Long.toString(read));
        values.put("written", Long.toString(written));
        values.put("skipped", Long.toString(skipped));
        values.put("invalid", Long.toString(invalid));
        invalidByReason.forEach((reason, n) -> values.put("invalid." + reason.name(), Long.toString(n)));
        return values;
    }

    static LoadCounts from(Map<String, String> values) {
        EnumMap<InvalidReason, Long> reasons = new EnumMap<>(InvalidReason.class);
        for (InvalidReason reason : InvalidReason.values()) {
            String value = values.get("invalid." + reason.name());
            if (value != null) {
                reasons.put(reason, Long.parseLong(value));
            }
        }
        return new LoadCounts(CheckpointFile.number(values, "read"), CheckpointFile.number(values, "written"),
                CheckpointFile.number(values, "skipped"), CheckpointFile.number(values, "invalid"), reasons);
    }

    public LoadCounts plus(LoadCounts other) {
        EnumMap<InvalidReason, Long> reasons = new EnumMap<>(InvalidReason.class);
        reasons.putAll(invalidByReason);
        other.invalidByReason.forEach((reason, n) -> reasons.merge(reason, n, Long::sum));
        return new LoadCounts(read + other.read, written + other.written, skipped + other.skipped,
                invalid + other.invalid, reasons);
    }

    public LoadCounts minus(LoadCounts other) {
        EnumMap<InvalidReason, Long> reasons = new EnumMap<>(InvalidReason.class);
        reasons.putAll(invalidByReason);
        other.invalidByReason.forEach((reason, n) -> reasons.merge(reason, -n, Long::sum));
        reasons.values().removeIf(n -> n == 0);
        return new LoadCounts(read - other.read, written - other.written, skipped - other.skipped,
                invalid - other.invalid, reasons);
    }
}

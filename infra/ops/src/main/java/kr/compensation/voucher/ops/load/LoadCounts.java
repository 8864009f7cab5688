package kr.compensation.voucher.ops.load;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

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

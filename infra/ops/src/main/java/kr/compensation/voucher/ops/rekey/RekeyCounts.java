package kr.compensation.voucher.ops.rekey;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import kr.compensation.voucher.ops.support.CheckpointFile;

/**
 * What a rekey did with the lines it read. {@code read = moved + alreadyMoved + notFound + conflicts + invalid} once
 * every line is done.
 *
 * @param read         data lines read (the header is not counted)
 * @param moved        customers this rekey moved from the old key to the new one
 * @param alreadyMoved customers found under the new key only (moved by an earlier or killed run), and lines repeating
 *                     an earlier customer of the same batch
 * @param notFound     valid lines whose customer is under neither key (a line the load never wrote)
 * @param conflicts    customers under both keys: left as they are, for a person to decide
 * @param invalid      lines the list's rules refuse (the load refused them too)
 */
public record RekeyCounts(long read, long moved, long alreadyMoved, long notFound, long conflicts, long invalid) {

    public static final RekeyCounts ZERO = new RekeyCounts(0, 0, 0, 0, 0, 0);

    /** The names a checkpoint gives the counts, in the order of the record's components. */
    private static final List<String> NAMES = List.of("read", "moved", "alreadyMoved", "notFound", "conflicts",
            "invalid");

    /** The counts as a checkpoint holds them. */
    SequencedMap<String, String> entries() {
        long[] numbers = {read, moved, alreadyMoved, notFound, conflicts, invalid};
        SequencedMap<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < numbers.length; i++) {
            values.put(NAMES.get(i), Long.toString(numbers[i]));
        }
        return values;
    }

    static RekeyCounts from(Map<String, String> values) {
        long[] n = NAMES.stream().mapToLong(name -> CheckpointFile.number(values, name)).toArray();
        return new RekeyCounts(n[0], n[1], n[2], n[3], n[4], n[5]);
    }

    public RekeyCounts plus(RekeyCounts other) {
        return new RekeyCounts(read + other.read, moved + other.moved, alreadyMoved + other.alreadyMoved,
                notFound + other.notFound, conflicts + other.conflicts, invalid + other.invalid);
    }

    public RekeyCounts minus(RekeyCounts other) {
        return new RekeyCounts(read - other.read, moved - other.moved, alreadyMoved - other.alreadyMoved,
                notFound - other.notFound, conflicts - other.conflicts, invalid - other.invalid);
    }
}

package kr.compensation.voucher.ops.rekey;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What one {@code rekey} run is to do.
 *
 * @param checkpointInterval the checkpoint is rewritten at most this often (and always at the end); resuming from a
 *                           slightly older one only judges some customers again, who are then found moved
 */
public record RekeyPlan(Path csv, Path checkpoint, String table, int concurrency, boolean restart,
                        Duration checkpointInterval) {

    public RekeyPlan {
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
    }

    public static Path defaultCheckpoint(Path csv) {
        return csv.resolveSibling(csv.getFileName() + ".rekey.checkpoint");
    }
}

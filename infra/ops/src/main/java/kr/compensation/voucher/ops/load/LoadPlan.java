package kr.compensation.voucher.ops.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What one {@code load} run is to do.
 *
 * @param table              null only for a dry run
 * @param maxWritesPerSecond write units per second across all workers; 0 for no limit
 * @param checkpointInterval the checkpoint is rewritten at most this often (and always at the end); resuming from a
 *                           slightly older one only re-reads lines, which the table then reports as present
 */
public record LoadPlan(Path csv, Path checkpoint, Path rejectedReport, String table, int concurrency, int batchSize,
                       double maxWritesPerSecond, boolean dryRun, boolean restart, Duration checkpointInterval) {

    public LoadPlan {
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(rejectedReport, "rejectedReport");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        if (table == null && !dryRun) {
            throw new IllegalArgumentException("a table is needed unless this is a dry run");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        if (batchSize < 1 || batchSize > BatchAssembler.MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size must be 1.." + BatchAssembler.MAX_BATCH_SIZE);
        }
        if (maxWritesPerSecond < 0) {
            throw new IllegalArgumentException("the write rate cannot be negative");
        }
    }

    public static Path defaultCheckpoint(Path csv) {
        return csv.resolveSibling(csv.getFileName() + ".checkpoint");
    }

    public static Path defaultRejectedReport(Path csv) {
        return csv.resolveSibling(csv.getFileName() + ".rejected.csv");
    }
}

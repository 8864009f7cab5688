package kr.compensation.voucher.ops.issueall;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What one {@code issue-all} run is to do.
 *
 * @param segments             parallel scan segments; fixed for the life of a checkpoint
 * @param threads              segments scanned at once
 * @param maxMessagesPerSecond 0 for no limit
 * @param pageSize             items a scan page evaluates (the Limit), which bounds the work redone after a crash
 */
public record BulkIssuePlan(String table, String queueUrl, int segments, int threads, double maxMessagesPerSecond,
                            Path checkpoint, boolean restart, int pageSize) {

    public BulkIssuePlan {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(queueUrl, "queueUrl");
        Objects.requireNonNull(checkpoint, "checkpoint");
        if (segments < 1 || segments > 1_000_000) {
            throw new IllegalArgumentException("segments must be 1..1000000");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (maxMessagesPerSecond < 0) {
            throw new IllegalArgumentException("the message rate cannot be negative");
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("the page size must be positive");
        }
    }

    public static Path defaultCheckpoint(String table) {
        return Path.of("issue-all." + table + ".checkpoint");
    }
}

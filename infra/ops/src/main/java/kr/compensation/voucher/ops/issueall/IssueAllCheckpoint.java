package kr.compensation.voucher.ops.issueall;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import kr.compensation.voucher.ops.support.CheckpointFile;

/**
 * Where each scan segment of an {@code issue-all} run stands: not started, after a given key (the scan's
 * LastEvaluatedKey once that page's requests were all sent), or done. Saved atomically after every page.
 */
public final class IssueAllCheckpoint {

    static final String NOT_STARTED = "";
    static final String DONE = "DONE";

    private final String table;
    private final String[] positions;
    private long sent;

    private IssueAllCheckpoint(String table, String[] positions, long sent) {
        this.table = table;
        this.positions = positions;
        this.sent = sent;
    }

    public static IssueAllCheckpoint fresh(String table, int segments) {
        String[] positions = new String[segments];
        Arrays.fill(positions, NOT_STARTED);
        return new IssueAllCheckpoint(table, positions, 0);
    }

    public static Optional<IssueAllCheckpoint> read(Path file) {
        return CheckpointFile.read(file).map(values -> {
            if (!"issue-all".equals(values.get("kind"))) {
                throw new IllegalStateException(file + " is not an issue-all checkpoint");
            }
            int segments = (int) CheckpointFile.number(values, "segments");
            String[] positions = new String[segments];
            for (int i = 0; i < segments; i++) {
                positions[i] = values.getOrDefault("segment." + i, NOT_STARTED);
            }
            return new IssueAllCheckpoint(values.get("table"), positions, CheckpointFile.number(values, "sent"));
        });
    }

    public synchronized void write(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("kind", "issue-all");
        values.put("table", table);
        values.put("segments", Integer.toString(positions.length));
        values.put("sent", Long.toString(sent));
        for (int i = 0; i < positions.length; i++) {
            values.put("segment." + i, positions[i]);
        }
        CheckpointFile.write(file, values);
    }

    public String table() {
        return table;
    }

    public int segments() {
        return positions.length;
    }

    public synchronized long sent() {
        return sent;
    }

    /** The key to resume the segment's scan after; null to start from its beginning. */
    public synchronized String resumeAfter(int segment) {
        String position = positions[segment];
        return position.isEmpty() || DONE.equals(position) ? null : position;
    }

    public synchronized boolean isDone(int segment) {
        return DONE.equals(positions[segment]);
    }

    public synchronized boolean allDone() {
        return Arrays.stream(positions).allMatch(DONE::equals);
    }

    /** Records a page whose requests are all on the queue; {@code lastKey} null when the segment is finished. */
    public synchronized void pageSent(int segment, String lastKey, long messages) {
        positions[segment] = lastKey == null ? DONE : lastKey;
        sent += messages;
    }
}

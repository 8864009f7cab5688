package kr.compensation.voucher.ops.rekey;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import kr.compensation.voucher.ops.load.CustomerListRun;
import kr.compensation.voucher.ops.support.CheckpointFile;

/**
 * How far a rekey got: every customer up to {@link #line()} is judged (moved, found moved, absent or in conflict). Like
 * the load's checkpoint it names the file (size, digest of its start), the table and both peppers (each by a key
 * hashed under it, which reveals nothing about it), so that it is never applied to another list, table or pepper.
 */
public record RekeyCheckpoint(String table, long fileSize, String fileDigest, String oldPepperCheck,
                              String newPepperCheck, long line, RekeyCounts counts, boolean complete)
        implements CustomerListRun.Checkpoint<RekeyCheckpoint, Rekeyer.Batch> {

    public static Optional<RekeyCheckpoint> read(Path file) {
        return CheckpointFile.read(file).map(values -> {
            if (!"rekey".equals(values.get("kind"))) {
                throw new IllegalStateException(file + " is not a rekey checkpoint");
            }
            RekeyCounts counts = new RekeyCounts(CheckpointFile.number(values, "read"),
                    CheckpointFile.number(values, "moved"), CheckpointFile.number(values, "alreadyMoved"),
                    CheckpointFile.number(values, "notFound"), CheckpointFile.number(values, "conflicts"),
                    CheckpointFile.number(values, "invalid"));
            return new RekeyCheckpoint(values.get("table"), CheckpointFile.number(values, "fileSize"),
                    values.get("fileDigest"), values.get("oldPepperCheck"), values.get("newPepperCheck"),
                    CheckpointFile.number(values, "line"), counts, Boolean.parseBoolean(values.get("complete")));
        });
    }

    public void write(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("kind", "rekey");
        values.put("table", table);
        values.put("fileSize", Long.toString(fileSize));
        values.put("fileDigest", fileDigest);
        values.put("oldPepperCheck", oldPepperCheck);
        values.put("newPepperCheck", newPepperCheck);
        values.put("line", Long.toString(line));
        values.put("read", Long.toString(counts.read()));
        values.put("moved", Long.toString(counts.moved()));
        values.put("alreadyMoved", Long.toString(counts.alreadyMoved()));
        values.put("notFound", Long.toString(counts.notFound()));
        values.put("conflicts", Long.toString(counts.conflicts()));
        values.put("invalid", Long.toString(counts.invalid()));
        values.put("complete", Boolean.toString(complete));
        CheckpointFile.write(file, values);
    }

    /** Before the first line of the file. */
    static RekeyCheckpoint fresh(String table, long fileSize, String fileDigest, String oldPepperCheck,
                                 String newPepperCheck) {
        return new RekeyCheckpoint(table, fileSize, fileDigest, oldPepperCheck, newPepperCheck, 1, RekeyCounts.ZERO,
                false);
    }

    @Override
    public RekeyCheckpoint after(Rekeyer.Batch batch) {
        return new RekeyCheckpoint(table, fileSize, fileDigest, oldPepperCheck, newPepperCheck, batch.lastLine,
                counts.plus(batch.counts()), false);
    }

    @Override
    public RekeyCheckpoint completed() {
        return new RekeyCheckpoint(table, fileSize, fileDigest, oldPepperCheck, newPepperCheck, line, counts, true);
    }

    /** Whether this checkpoint was made for this file and table. */
    public boolean matches(String table, long fileSize, String fileDigest) {
        return this.table.equals(table) && this.fileSize == fileSize && this.fileDigest.equals(fileDigest);
    }
}

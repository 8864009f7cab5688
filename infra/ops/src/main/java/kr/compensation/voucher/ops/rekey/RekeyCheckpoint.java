package kr.compensation.voucher.ops.rekey;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.SequencedMap;
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
        return CustomerListRun.Checkpoint.read(file, "rekey").map(values -> new RekeyCheckpoint(values.get("table"),
                CheckpointFile.number(values, "fileSize"), values.get("fileDigest"), values.get("oldPepperCheck"),
                values.get("newPepperCheck"), CheckpointFile.number(values, "line"), RekeyCounts.from(values),
                Boolean.parseBoolean(values.get("complete"))));
    }

    public void write(Path file) {
        SequencedMap<String, String> peppers = new LinkedHashMap<>();
        peppers.put("oldPepperCheck", oldPepperCheck);
        peppers.put("newPepperCheck", newPepperCheck);
        CustomerListRun.Checkpoint.write(file, "rekey", this, peppers, counts.entries());
    }

    /** Before the first line of the file. */
    static RekeyCheckpoint fresh(String table, long fileSize, String fileDigest, String oldPepperCheck,
                                 String newPepperCheck) {
        return new RekeyCheckpoint(table, fileSize, fileDigest, oldPepperCheck, newPepperCheck, 1, RekeyCounts.ZERO,
                false);
    }

    @Override
    public RekeyCheckpoint after(Rekeyer.Batch batch) {
        return new RekeyCheckpoint(table, fileSize, fileDigest, oldPepperCheck, newPepperCheck, batch.lastLine(),
                counts.plus(batch.counts()), false);
    }

    @Override
    public RekeyCheckpoint completed() {
        return new RekeyCheckpoint(table, fileSize, fileDigest, oldPepperCheck, newPepperCheck, line, counts, true);
    }
}

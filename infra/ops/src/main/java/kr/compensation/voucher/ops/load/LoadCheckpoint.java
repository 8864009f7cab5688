package kr.compensation.voucher.ops.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.ops.support.CheckpointFile;

/**
 * How far a load got: every line up to {@link #line()} is done (written, found present, or reported), with the
 * counts so far. It names the file by size and a digest of its start and the table, so that it is never applied to
 * another list or table, where skipping lines would silently leave customers out. It also names the pepper by a
 * key hashed under it ({@link #pepperCheck(CustomerKeyHasher)}), so that a resumed run cannot key the rest of the
 * file under another pepper; that key reveals nothing about the pepper.
 */
public record LoadCheckpoint(String table, long fileSize, String fileDigest, String pepperCheck, long line,
                             LoadCounts counts, long rejectedReportBytes, boolean complete)
        implements CustomerListRun.Checkpoint<LoadCheckpoint, Batch> {

    private static final int DIGEST_PREFIX_BYTES = 1 << 20;

    public static Optional<LoadCheckpoint> read(Path file) {
        return CustomerListRun.Checkpoint.read(file, "load").map(values -> new LoadCheckpoint(values.get("table"),
                CheckpointFile.number(values, "fileSize"), values.get("fileDigest"), values.get("pepperCheck"),
                CheckpointFile.number(values, "line"), LoadCounts.from(values),
                CheckpointFile.number(values, "rejectedReportBytes"), Boolean.parseBoolean(values.get("complete"))));
    }

    public void write(Path file) {
        SequencedMap<String, String> state = counts.entries();
        state.put("rejectedReportBytes", Long.toString(rejectedReportBytes));
        CustomerListRun.Checkpoint.write(file, "load", this, new LinkedHashMap<>(Map.of("pepperCheck", pepperCheck)),
                state);
    }

    /** Before the first line of the file: nothing done, nothing reported. */
    static LoadCheckpoint fresh(String table, long fileSize, String fileDigest, String pepperCheck) {
        return new LoadCheckpoint(table, fileSize, fileDigest, pepperCheck, 1, LoadCounts.ZERO, 0, false);
    }

    @Override
    public LoadCheckpoint after(Batch batch) {
        return new LoadCheckpoint(table, fileSize, fileDigest, pepperCheck, batch.lastLine(), counts.plus(batch.counts()),
                batch.rejectedReportBytes, false);
    }

    @Override
    public LoadCheckpoint completed() {
        return new LoadCheckpoint(table, fileSize, fileDigest, pepperCheck, line, counts, rejectedReportBytes, true);
    }

    /** The key of a principal no provider issues, hashed under the pepper: equal keys, equal peppers. */
    public static String pepperCheck(CustomerKeyHasher hasher) {
        return hasher.keyOf(IssuerRole.SIGN_IN, "voucher-ops checkpoint pepper check").value();
    }

    /** SHA-256 of the file's first MiB: cheap, and any other export of the list differs there. */
    public static String digestOf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int total = 0;
            int n;
            while (total < DIGEST_PREFIX_BYTES && (n = in.read(buffer, 0, Math.min(buffer.length,
                    DIGEST_PREFIX_BYTES - total))) > 0) {
                sha.update(buffer, 0, n);
                total += n;
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}

package kr.compensation.voucher.ops.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import kr.compensation.voucher.ops.support.CheckpointFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs a temporary directory only. */
class LoadCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void aWrittenCheckpoint_readsBackTheSame() {
        Path file = dir.resolve("list.csv.checkpoint");
        LoadCheckpoint checkpoint = new LoadCheckpoint("EligibilityTable", 1234, "abcd", "pepper-check", 501,
                new LoadCounts(500, 480, 10, 10, Map.of(InvalidReason.EMPTY_LINE, 4L,
                        InvalidReason.UNKNOWN_ISSUER, 6L)), 77, false);

        checkpoint.write(file);

        assertThat(LoadCheckpoint.read(file)).contains(checkpoint);
    }

    @Test
    void writing_replacesTheFileWholeAndLeavesNoTemporaryFileBehind() throws IOException {
        Path file = dir.resolve("c");
        new LoadCheckpoint("t", 1, "d", "p", 10, LoadCounts.ZERO, 0, false).write(file);
        new LoadCheckpoint("t", 1, "d", "p", 20, LoadCounts.ZERO, 0, true).write(file);

        assertThat(LoadCheckpoint.read(file).orElseThrow().line()).isEqualTo(20);
        assertThat(LoadCheckpoint.read(file).orElseThrow().complete()).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("c");
        }
    }

    @Test
    void thePepperCheck_differsBetweenPeppers_andNeverIsThePepper() {
        byte[] one = new byte[32];
        byte[] other = new byte[32];
        other[0] = 1;

        String check = LoadCheckpoint.pepperCheck(new kr.compensation.voucher.domain.CustomerKeyHasher(one));

        assertThat(check).isEqualTo(LoadCheckpoint.pepperCheck(new kr.compensation.voucher.domain.CustomerKeyHasher(one)))
                .isNotEqualTo(LoadCheckpoint.pepperCheck(new kr.compensation.voucher.domain.CustomerKeyHasher(other)))
                .isNotEqualTo(java.util.Base64.getEncoder().encodeToString(one));
    }

    @Test
    void noFile_meansNoCheckpoint() {
        assertThat(LoadCheckpoint.read(dir.resolve("absent"))).isEmpty();
    }

    @Test
    void aFileThatIsNotACheckpoint_isRefusedRatherThanIgnored() throws IOException {
        Path file = dir.resolve("c");
        Files.writeString(file, "line=5\n");

        assertThatThrownBy(() -> LoadCheckpoint.read(file)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anotherJobsCheckpoint_isRefused() {
        Path file = dir.resolve("c");
        CheckpointFile.write(file, Map.of("kind", "issue-all"));

        assertThatThrownBy(() -> LoadCheckpoint.read(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a load checkpoint");
    }

    @Test
    void aCheckpoint_matchesOnlyItsOwnFileAndTable() throws IOException {
        Path list = dir.resolve("list.csv");
        Files.writeString(list, "customer_id,issuer,account_state\nsub-1,sign-in,ACTIVE\n");
        String digest = LoadCheckpoint.digestOf(list);
        LoadCheckpoint checkpoint = new LoadCheckpoint("T", Files.size(list), digest, "p", 2, LoadCounts.ZERO, 0, false);

        Files.writeString(list, "customer_id,issuer,account_state\nsub-2,sign-in,ACTIVE\n");

        assertThat(checkpoint.matches("T", Files.size(list), digest)).isTrue();
        assertThat(checkpoint.matches("T", Files.size(list), LoadCheckpoint.digestOf(list))).isFalse();
        assertThat(checkpoint.matches("Other", Files.size(list), digest)).isFalse();
    }

    @Test
    void aRun_resumesOnlyFromACheckpointOfItsOwnFileAndTable_andStartsFreshWithoutOne() throws IOException {
        Path list = dir.resolve("list.csv");
        Path file = dir.resolve("list.csv.checkpoint");
        Files.writeString(list, "customer_id,issuer,account_state\nsub-1,sign-in,ACTIVE\n");
        LoadCheckpoint saved = new LoadCheckpoint("T", Files.size(list), LoadCheckpoint.digestOf(list), "p", 2,
                LoadCounts.ZERO, 0, false);
        CustomerListRun.Fresh<LoadCheckpoint> fresh = (size, digest) -> LoadCheckpoint.fresh("T", size, digest, "p");

        assertThat(CustomerListRun.startingPoint(list, "T", file, Optional.of(saved), fresh)).isEqualTo(saved);
        assertThat(CustomerListRun.startingPoint(list, "T", file, Optional.empty(), fresh))
                .isEqualTo(LoadCheckpoint.fresh("T", Files.size(list), LoadCheckpoint.digestOf(list), "p"));
        assertThatThrownBy(() -> CustomerListRun.startingPoint(list, "Other", file, Optional.of(saved), fresh))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to another file or table");

        Files.writeString(list, "customer_id,issuer,account_state\nsub-2,sign-in,ACTIVE\n");

        assertThatThrownBy(() -> CustomerListRun.startingPoint(list, "T", file, Optional.of(saved), fresh))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("--restart");
    }
}

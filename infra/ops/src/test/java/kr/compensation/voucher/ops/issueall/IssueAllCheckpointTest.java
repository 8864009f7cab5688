package kr.compensation.voucher.ops.issueall;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs a temporary directory only. */
class IssueAllCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void eachSegmentsPosition_survivesARoundTrip() {
        Path file = dir.resolve("issue-all.checkpoint");
        IssueAllCheckpoint checkpoint = IssueAllCheckpoint.fresh("T", 3);
        checkpoint.pageSent(0, "key-after-page-1", 10);
        checkpoint.pageSent(2, null, 4);
        checkpoint.write(file);

        IssueAllCheckpoint read = IssueAllCheckpoint.read(file).orElseThrow();

        assertThat(read.table()).isEqualTo("T");
        assertThat(read.segments()).isEqualTo(3);
        assertThat(read.resumeAfter(0)).isEqualTo("key-after-page-1");
        assertThat(read.resumeAfter(1)).isNull();
        assertThat(read.isDone(1)).isFalse();
        assertThat(read.isDone(2)).isTrue();
        assertThat(read.allDone()).isFalse();
        assertThat(read.sent()).isEqualTo(14);
    }

    @Test
    void whenEverySegmentIsDone_theRunIsDone() {
        IssueAllCheckpoint checkpoint = IssueAllCheckpoint.fresh("T", 2);
        checkpoint.pageSent(0, null, 0);
        checkpoint.pageSent(1, null, 0);

        assertThat(checkpoint.allDone()).isTrue();
    }
}

package kr.compensation.voucher.locallambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Needs nothing running: Lambda's reading of a ReportBatchItemFailures response. */
class BatchVerdictTest {

    private static final List<String> BATCH = List.of("a", "b", "c");

    @Test
    void of_shouldDeleteEverything_whenTheResponseIsNullOrListsNoFailure() {
        for (SQSBatchResponse success : Arrays.asList(null, new SQSBatchResponse(), new SQSBatchResponse(List.of()))) {
            BatchVerdict verdict = BatchVerdict.of(BATCH, success);

            assertThat(verdict.toDelete()).containsExactlyElementsOf(BATCH);
            assertThat(verdict.toReturn()).isEmpty();
            assertThat(verdict.isWholeBatchFailure()).isFalse();
        }
    }

    @Test
    void of_shouldReturnOnlyTheReportedMessages() {
        BatchVerdict verdict = BatchVerdict.of(BATCH, failures("c", "a"));

        assertThat(verdict.toDelete()).containsExactly("b");
        assertThat(verdict.toReturn()).containsExactly("a", "c");
        assertThat(verdict.isWholeBatchFailure()).isFalse();
    }

    @Test
    void of_shouldReturnTheWholeBatch_whenAFailureNamesAMessageNotInTheBatch() {
        BatchVerdict verdict = BatchVerdict.of(BATCH, failures("a", "zzz"));

        assertThat(verdict.toDelete()).isEmpty();
        assertThat(verdict.toReturn()).containsExactlyElementsOf(BATCH);
        assertThat(verdict.isWholeBatchFailure()).isTrue();
    }

    @Test
    void of_shouldReturnTheWholeBatch_whenAFailureHasNoIdentifier() {
        assertThat(BatchVerdict.of(BATCH, failures("")).isWholeBatchFailure()).isTrue();
        assertThat(BatchVerdict.of(BATCH, failures((String) null)).isWholeBatchFailure()).isTrue();
        List<BatchItemFailure> withNull = new ArrayList<>();
        withNull.add(null);
        assertThat(BatchVerdict.of(BATCH, new SQSBatchResponse(withNull)).isWholeBatchFailure()).isTrue();
    }

    @Test
    void of_shouldCountAMessageReportedTwiceOnce() {
        BatchVerdict verdict = BatchVerdict.of(BATCH, failures("b", "b"));

        assertThat(verdict.toReturn()).containsExactly("b");
        assertThat(verdict.toDelete()).containsExactly("a", "c");
    }

    private static SQSBatchResponse failures(String... ids) {
        List<BatchItemFailure> failures = new ArrayList<>();
        for (String id : ids) {
            failures.add(new BatchItemFailure(id));
        }
        return new SQSBatchResponse(failures);
    }
}

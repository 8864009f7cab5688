package kr.compensation.voucher.ops.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import kr.compensation.voucher.ops.support.Backoff;
import kr.compensation.voucher.ops.support.Progress;
import kr.compensation.voucher.ops.support.RunControls;
import kr.compensation.voucher.ops.support.RunOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Needs nothing running: the pass over a list that load and rekey share, with batches of one line each. */
class CustomerListRunTest {

    private static final int LINES = 6;

    @TempDir
    Path dir;

    private final List<Mark> saved = new CopyOnWriteArrayList<>();
    private final RunControls controls = new RunControls(null, new Backoff(1, 1, 4, RandomGenerator.getDefault(),
            nanos -> { }), System.err, Progress.Mode.OFF, System::nanoTime);

    @Test
    void theCheckpoint_neverPassesABatchStillInFlight_evenWhenLaterOnesAreDone() throws Exception {
        CountDownLatch laterOnesDone = new CountDownLatch(2);

        CustomerListRun.Ending<Mark> end = run(3, batch -> {
            if (batch.sequence() == 0) {
                await(laterOnesDone);
            } else if (batch.sequence() <= 2) {
                laterOnesDone.countDown();
            }
        });

        assertThat(end.outcome()).isEqualTo(RunOutcome.COMPLETE);
        // Line 2 is the first batch's line; until it is done every save stays on the header, line 1.
        int firstDone = firstIndexPast(1);
        assertThat(saved.subList(0, firstDone)).allSatisfy(mark -> assertThat(mark.line()).isEqualTo(1));
        assertThat(saved).extracting(Mark::line).isSorted();
        assertThat(saved.getLast()).isEqualTo(new Mark(LINES + 1, LINES, true));
    }

    @Test
    void aFailedBatch_stopsTheRun_andTheCheckpointKeepsOnlyWhatIsDoneBeforeIt() throws Exception {
        CustomerListRun.Ending<Mark> end = run(3, batch -> {
            if (batch.sequence() == 3) {
                throw new IllegalStateException("injected");
            }
        });

        assertThat(end.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(end.failure()).isEqualTo("IllegalStateException: injected");
        // Batches 0..2 (lines 2..4) are done; nothing after the failed one counts, whatever finished.
        assertThat(end.checkpoint()).isEqualTo(new Mark(4, 3, false));
        assertThat(saved.getLast()).isEqualTo(end.checkpoint());
    }

    @Test
    void aStopRequest_endsTheRunAfterTheBatchesInFlight_andAResumeDoesTheRestOnly() throws Exception {
        List<Long> worked = new CopyOnWriteArrayList<>();
        // One batch at a time, so that the stop takes effect within a batch or two of the request.
        CustomerListRun.Ending<Mark> stopped = run(1, batch -> {
            worked.add(batch.lastLine());
            if (batch.sequence() == 1) {
                controls.requestStop();
            }
        });

        assertThat(stopped.outcome()).isEqualTo(RunOutcome.STOPPED);
        assertThat(stopped.checkpoint().complete()).isFalse();
        long stoppedAt = stopped.checkpoint().line();
        assertThat(stoppedAt).isBetween(3L, 4L);
        assertThat(worked).as("every batch worked on is covered, none past it").isEqualTo(lines(2, stoppedAt));

        List<Long> resumedOn = new CopyOnWriteArrayList<>();
        RunControls fresh = new RunControls(null, controls.backoff(), System.err, Progress.Mode.OFF,
                System::nanoTime);
        CustomerListRun.Ending<Mark> resumed = new CustomerListRun<OneLine, Mark>("test", "test", list(), 1,
                Duration.ZERO, fresh).run(stopped.checkpoint(), CustomerListRunTest::oneLineBatches,
                batch -> resumedOn.add(batch.lastLine()), saved::add);

        assertThat(resumed.outcome()).isEqualTo(RunOutcome.COMPLETE);
        assertThat(resumedOn).isEqualTo(lines(stoppedAt + 1, LINES + 1));
        assertThat(resumed.checkpoint()).isEqualTo(new Mark(LINES + 1, LINES, true));
    }

    private static List<Long> lines(long from, long toInclusive) {
        return LongStream.rangeClosed(from, toInclusive).boxed().toList();
    }

    private int firstIndexPast(long line) {
        for (int i = 0; i < saved.size(); i++) {
            if (saved.get(i).line() > line) {
                return i;
            }
        }
        return saved.size();
    }

    /** From the first line, saving the checkpoint after every batch. */
    private CustomerListRun.Ending<Mark> run(int concurrency, CustomerListRun.Work<OneLine> work)
            throws IOException, InterruptedException {
        return new CustomerListRun<OneLine, Mark>("test", "test", list(), concurrency, Duration.ZERO, controls)
                .run(Mark.START, CustomerListRunTest::oneLineBatches, work, saved::add);
    }

    private Path list() throws IOException {
        Path file = dir.resolve("affected.csv");
        if (!Files.exists(file)) {
            Files.writeString(file, "customer_id,issuer,account_state\n" + IntStream.rangeClosed(1, LINES)
                    .mapToObj(i -> "c-" + i + ",sign-in,ACTIVE\n").collect(Collectors.joining()),
                    StandardCharsets.UTF_8);
        }
        return file;
    }

    private static CustomerListRun.Batches<OneLine> oneLineBatches(BufferedReader reader, CustomerListParser parser,
                                                                   long first) {
        long[] line = {first};
        long[] sequence = {0};
        return () -> {
            if (reader.readLine() == null) {
                return null;
            }
            OneLine batch = new OneLine(sequence[0]++, line[0] + 1);
            batch.took(++line[0]);
            return batch;
        };
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        // A safety net against a hang, not a timing assertion: the latch opens as soon as the later batches are done.
        assertThat(latch.await(60, TimeUnit.SECONDS)).as("the later batches ran meanwhile").isTrue();
    }

    private static final class OneLine extends CustomerListRun.Batch {
        OneLine(long sequence, long firstLine) {
            super(sequence, firstLine);
        }
    }

    /** A checkpoint of the test's job: how far, how many lines. */
    private record Mark(long line, long read, boolean complete) implements CustomerListRun.Checkpoint<Mark, OneLine> {

        static final Mark START = new Mark(1, 0, false);

        @Override
        public String table() {
            return "T";
        }

        @Override
        public long fileSize() {
            return 0;
        }

        @Override
        public String fileDigest() {
            return "";
        }

        @Override
        public Mark after(OneLine batch) {
            return new Mark(batch.lastLine(), read + batch.read(), false);
        }

        @Override
        public Mark completed() {
            return new Mark(line, read, true);
        }
    }
}

package kr.compensation.voucher.ops.load;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import kr.compensation.voucher.ops.support.CheckpointFile;
import kr.compensation.voucher.ops.support.Progress;
import kr.compensation.voucher.ops.support.RunControls;
import kr.compensation.voucher.ops.support.RunOutcome;

/**
 * One resumable pass over the affected-customer list, as {@code load} and {@code rekey} make it: this thread reads the
 * list in batches of consecutive lines, up to {@code concurrency} batches are worked on at once, and they complete in
 * any order. The checkpoint only advances over a contiguous prefix of batches: it records the last line up to which
 * every batch is done, at most every {@code checkpointInterval} and once at the end, so a resumed run skips exactly
 * the lines that are done, and lines past it are worked on again (which both jobs make harmless). A stop request
 * (Ctrl-C) or a failure lets the batches in flight finish, then the checkpoint is saved.
 *
 * @param <B> a job's batch
 * @param <K> a job's checkpoint, immutable: the one before a batch and the batch give the one after
 */
public final class CustomerListRun<B extends CustomerListRun.Batch, K extends CustomerListRun.Checkpoint<K, B>> {

    /** Consecutive lines of the list, worked on together: {@code (previous batch's last line, lastLine]}. */
    public abstract static class Batch {

        private final long sequence;
        private long lastLine;
        private long read;

        /** @param firstLine the number of the line the batch starts with */
        protected Batch(long sequence, long firstLine) {
            this.sequence = sequence;
            this.lastLine = firstLine - 1;
        }

        /** 0 for the first batch of this run, then 1, 2, ... in file order. */
        public final long sequence() {
            return sequence;
        }

        /** The last line the batch covers. */
        public final long lastLine() {
            return lastLine;
        }

        /** Lines the batch covers. */
        public final long read() {
            return read;
        }

        /** Adds the next line of the file to the batch. */
        public final void took(long line) {
            lastLine = line;
            read++;
        }
    }

    /**
     * How far the job got. It names the list it was made for, by the file's size and a digest of its start, and the
     * table, so that it is never applied to another list or table, where skipping lines would silently leave
     * customers out; the job's own entries name the pepper it keys customers with. The file's layout, the same for
     * every job: kind, table, fileSize, fileDigest, the job's pepper checks, line, the job's counts, complete.
     */
    public interface Checkpoint<K, B> {

        String table();

        long fileSize();

        String fileDigest();

        /** Every line up to this one is done (1, the header, before any). */
        long line();

        boolean complete();

        /** This checkpoint advanced over the next batch in file order. */
        K after(B batch);

        /** This checkpoint marked as covering the whole list. */
        K completed();

        /** Whether this checkpoint was made for this file and table. */
        default boolean matches(String table, long fileSize, String fileDigest) {
            return table().equals(table) && fileSize() == fileSize && fileDigest().equals(fileDigest);
        }

        /** Writes it atomically ({@link CheckpointFile}). */
        static void write(Path file, String kind, Checkpoint<?, ?> checkpoint, SequencedMap<String, String> pepperChecks,
                          SequencedMap<String, String> counts) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("kind", kind);
            values.put("table", checkpoint.table());
            values.put("fileSize", Long.toString(checkpoint.fileSize()));
            values.put("fileDigest", checkpoint.fileDigest());
            values.putAll(pepperChecks);
            values.put("line", Long.toString(checkpoint.line()));
            values.putAll(counts);
            values.put("complete", Boolean.toString(checkpoint.complete()));
            CheckpointFile.write(file, values);
        }

        /** A checkpoint file's entries; empty when there is none, an error when it is of another kind. */
        static Optional<Map<String, String>> read(Path file, String kind) {
            return CheckpointFile.read(file).map(values -> {
                if (!kind.equals(values.get("kind"))) {
                    throw new IllegalStateException(file + " is not a " + kind + " checkpoint");
                }
                return values;
            });
        }
    }

    /** Cuts the list into batches on the reader thread; null at the end. */
    @FunctionalInterface
    public interface Batches<B> {
        B next() throws IOException;
    }

    /** Starts batching the list after the resume line. */
    @FunctionalInterface
    public interface BatchesFactory<B> {
        /** @param line the last line already consumed from {@code reader} (the header is line 1) */
        Batches<B> open(BufferedReader reader, CustomerListParser parser, long line);
    }

    /** A worker's job on one batch. */
    @FunctionalInterface
    public interface Work<B> {
        void process(B batch) throws Exception;
    }

    /**
     * How a run ended.
     *
     * @param checkpoint where it got, the same as saved
     * @param failure    what stopped it, when it failed
     */
    public record Ending<K>(K checkpoint, RunOutcome outcome, String failure) {
    }

    private final String name;
    private final String label;
    private final Path csv;
    private final int concurrency;
    private final Duration checkpointInterval;
    private final RunControls controls;

    /**
     * @param name  the command, for messages and thread names
     * @param label what the progress line calls the run
     */
    public CustomerListRun(String name, String label, Path csv, int concurrency, Duration checkpointInterval,
                           RunControls controls) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.name = Objects.requireNonNull(name, "name");
        this.label = Objects.requireNonNull(label, "label");
        this.csv = Objects.requireNonNull(csv, "csv");
        this.concurrency = concurrency;
        this.checkpointInterval = Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        this.controls = Objects.requireNonNull(controls, "controls");
    }

    /** Makes the checkpoint before the first line of a list of this size and digest. */
    @FunctionalInterface
    public interface Fresh<K> {
        K of(long fileSize, String fileDigest);
    }

    /**
     * Where a run over the list starts: the checkpoint an earlier run saved, refused if it was made for another file
     * or table (skipping lines there would silently leave customers out), or a fresh one.
     *
     * @param saved the saved checkpoint; empty when there is none, for a dry run, or with --restart
     */
    public static <K extends Checkpoint<K, ?>> K startingPoint(Path csv, String table, Path checkpointFile,
                                                               Optional<K> saved, Fresh<K> fresh) throws IOException {
        long fileSize = Files.size(csv);
        String digest = LoadCheckpoint.digestOf(csv);
        if (saved.isEmpty()) {
            return fresh.of(fileSize, digest);
        }
        if (!saved.get().matches(table, fileSize, digest)) {
            throw new IllegalStateException("the checkpoint " + checkpointFile + " belongs to another file or table;"
                    + " use --restart to start this file from its first line, or --checkpoint to choose another");
        }
        return saved.get();
    }

    /**
     * @param start where to start: a fresh checkpoint, or the one saved by an earlier run (not complete)
     * @param save  writes a checkpoint (a dry run saves nothing)
     */
    public Ending<K> run(K start, BatchesFactory<B> batching, Work<B> work, Consumer<K> save)
            throws IOException, InterruptedException {
        Completion completion = new Completion(start, save);
        AtomicLong linesRead = new AtomicLong();
        long fileSize = Files.size(csv);
        CountingInputStream bytes = new CountingInputStream(Files.newInputStream(csv));
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, name + "-worker");
            thread.setDaemon(true);
            return thread;
        });
        Semaphore slots = new Semaphore(concurrency);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        boolean exhausted = false;
        Progress progress = controls.progress(label, "lines", () -> new Progress.Snapshot(linesRead.get(),
                fileSize == 0 ? 1 : (double) bytes.count / fileSize));
        // Replace, not fail, on bad bytes: the parser refuses such a line by number instead of aborting the run.
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(bytes, StandardCharsets.UTF_8
                .newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16)) {
            try {
                CustomerListParser parser = CustomerListParser.fromHeader(reader.readLine());
                long line = 1;
                while (line < start.line() && reader.readLine() != null) {
                    line++;
                }
                Batches<B> batches = batching.open(reader, parser, line);
                while (!controls.stopRequested() && failure.get() == null) {
                    B batch = batches.next();
                    if (batch == null) {
                        exhausted = true;
                        break;
                    }
                    linesRead.addAndGet(batch.read());
                    slots.acquire();
                    workers.execute(() -> {
                        try {
                            work.process(batch);
                            completion.done(batch);
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        } finally {
                            slots.release();
                        }
                    });
                }
            } finally {
                // Let every batch in flight finish, so the checkpoint below covers all that was done.
                workers.shutdown();
                while (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
                    controls.progressOut().println(name + ": waiting for the batches in flight to finish");
                }
                progress.close();
            }
        }
        boolean complete = exhausted && failure.get() == null && completion.allDone();
        K end = completion.save(complete);
        return new Ending<>(end, RunOutcome.of(complete, failure.get()), RunOutcome.describe(failure.get()));
    }

    /** Orders completions: the checkpoint only advances over a contiguous prefix of batches. */
    private final class Completion {

        private final Map<Long, B> early = new HashMap<>();
        private final Consumer<K> save;
        private long nextSequence;
        private K checkpoint;
        private long lastSaved;

        Completion(K start, Consumer<K> save) {
            this.checkpoint = start;
            this.save = save;
            this.lastSaved = controls.nanoTime();
        }

        synchronized void done(B batch) {
            early.put(batch.sequence(), batch);
            B next;
            while ((next = early.remove(nextSequence)) != null) {
                checkpoint = checkpoint.after(next);
                nextSequence++;
            }
            if (controls.nanoTime() - lastSaved >= checkpointInterval.toNanos()) {
                save(false);
            }
        }

        synchronized boolean allDone() {
            return early.isEmpty();
        }

        synchronized K save(boolean complete) {
            K saved = complete ? checkpoint.completed() : checkpoint;
            save.accept(saved);
            lastSaved = controls.nanoTime();
            return saved;
        }
    }

    /** Counts the bytes the reader has taken from the file, for the progress bar's fraction. */
    private static final class CountingInputStream extends FilterInputStream {

        volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}

package kr.compensation.voucher.ops.support;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one task per segment of a parallel table scan on a fixed pool of daemon threads and waits until every task
 * has ended. A task that throws does not stop the others by itself: the first error is kept for the caller, and a
 * task that works page by page can look at {@link #failed()} to stop early.
 */
public final class SegmentWorkers {

    /** Scans one segment. */
    @FunctionalInterface
    public interface SegmentTask {
        void scan(int segment) throws Exception;
    }

    private final String threadName;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public SegmentWorkers(String threadName) {
        this.threadName = threadName;
    }

    /** @param threads at most this many segments at once (never more threads than segments) */
    public void run(int threads, List<Integer> segments, SegmentTask task) throws InterruptedException {
        if (segments.isEmpty()) {
            return;
        }
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(threads, segments.size()), runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        for (int segment : segments) {
            workers.execute(() -> {
                try {
                    task.scan(segment);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
        }
        workers.shutdown();
        while (!workers.awaitTermination(1, TimeUnit.MINUTES)) {
            // Segments still scanning; the caller's progress line shows they are alive.
        }
    }

    public boolean failed() {
        return failure.get() != null;
    }

    /** The first error a task threw, or null. */
    public Throwable failure() {
        return failure.get();
    }
}

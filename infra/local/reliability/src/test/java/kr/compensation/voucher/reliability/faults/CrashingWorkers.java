package kr.compensation.voucher.reliability.faults;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps the issuer's handler the way a bad day wraps a Lambda environment:
 * <ul>
 *   <li>one chosen invocation is <b>killed</b> in the middle of its batch: it processes the first half, then dies
 *       without answering (an {@link Error}, which the event source mapping treats as Lambda treats a crashed
 *       environment: nothing of the batch is deleted, all of it comes back after the visibility timeout);</li>
 *   <li>another chosen invocation <b>freezes</b> mid-batch for longer than the visibility timeout (a long GC pause,
 *       a hung connection), so its messages are delivered again to other workers while it still holds them; then it
 *       wakes up and finishes its batch as if nothing happened, racing the redelivered copies.</li>
 * </ul>
 * Every other invocation goes straight to the handler. Message ids are recorded, so a test can check that what the
 * dead worker held was processed later.
 */
public final class CrashingWorkers implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** What killed the worker; an Error, as a crash is not an exception the handler could catch. */
    public static final class WorkerKilled extends Error {
        WorkerKilled() {
            super("injected: worker killed in the middle of its batch");
        }
    }

    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final int killAt;
    private final int freezeAt;
    private final Duration freeze;
    private final AtomicInteger invocations = new AtomicInteger();
    private final AtomicBoolean killed = new AtomicBoolean();
    private final AtomicBoolean frozen = new AtomicBoolean();
    private final AtomicLong busyNanos = new AtomicLong();
    private final Set<String> seenAfterKill = ConcurrentHashMap.newKeySet();
    private volatile List<String> killedBatch = List.of();
    private volatile List<String> processedBeforeKill = List.of();
    private volatile List<String> frozenBatch = List.of();

    /**
     * @param killAt   the first invocation from this 1-based number on whose batch has two or more messages is killed
     * @param freezeAt likewise, the one that freezes for {@code freeze}
     */
    public CrashingWorkers(RequestHandler<SQSEvent, SQSBatchResponse> handler, int killAt, int freezeAt,
                           Duration freeze) {
        this.handler = handler;
        this.killAt = killAt;
        this.freezeAt = freezeAt;
        this.freeze = freeze;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        long started = System.nanoTime();
        try {
            return invoke(event, context);
        } finally {
            busyNanos.addAndGet(System.nanoTime() - started);
        }
    }

    /** Time spent inside invocations, summed over workers (the frozen one's freeze included). */
    public Duration busy() {
        return Duration.ofNanos(busyNanos.get());
    }

    private SQSBatchResponse invoke(SQSEvent event, Context context) {
        int invocation = invocations.incrementAndGet();
        List<SQSEvent.SQSMessage> records = event.getRecords();
        if (!killedBatch.isEmpty()) {
            records.forEach(r -> seenAfterKill.add(r.getMessageId()));
        }
        // The first invocation from the chosen number on with a batch worth splitting.
        if (invocation >= killAt && records.size() > 1 && killed.compareAndSet(false, true)) {
            List<SQSEvent.SQSMessage> firstHalf = records.subList(0, records.size() / 2);
            handler.handleRequest(eventOf(firstHalf), context);
            processedBeforeKill = ids(firstHalf);
            killedBatch = ids(records);
            throw new WorkerKilled();
        }
        if (invocation >= freezeAt && records.size() > 1 && frozen.compareAndSet(false, true)) {
            frozenBatch = ids(records);
            List<SQSEvent.SQSMessage> firstHalf = records.subList(0, records.size() / 2);
            List<SQSEvent.SQSMessage> secondHalf = records.subList(records.size() / 2, records.size());
            SQSBatchResponse first = handler.handleRequest(eventOf(firstHalf), context);
            sleep(freeze);
            SQSBatchResponse second = handler.handleRequest(eventOf(secondHalf), context);
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>(first.getBatchItemFailures());
            failures.addAll(second.getBatchItemFailures());
            return new SQSBatchResponse(failures);
        }
        return handler.handleRequest(event, context);
    }

    public int invocations() {
        return invocations.get();
    }

    /** Message ids of the killed batch; empty until the kill happened. */
    public List<String> killedBatch() {
        return killedBatch;
    }

    public List<String> processedBeforeKill() {
        return processedBeforeKill;
    }

    public List<String> frozenBatch() {
        return frozenBatch;
    }

    /** Message ids received by any invocation after the kill. */
    public Set<String> seenAfterKill() {
        return Set.copyOf(seenAfterKill);
    }

    private static SQSEvent eventOf(List<SQSEvent.SQSMessage> records) {
        SQSEvent event = new SQSEvent();
        event.setRecords(new ArrayList<>(records));
        return event;
    }

    private static List<String> ids(List<SQSEvent.SQSMessage> records) {
        return records.stream().map(SQSEvent.SQSMessage::getMessageId).toList();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

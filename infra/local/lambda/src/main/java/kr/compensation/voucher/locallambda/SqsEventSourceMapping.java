package kr.compensation.voucher.locallambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Drives a handler from an SQS queue the way Lambda's SQS event source mapping does, so that the local run and tests
 * exercise the very handler object deployed to Lambda.
 *
 * <p>Each of {@code workers} threads long-polls for up to {@code batchSize} messages (gathering for up to
 * {@code maximumBatchingWindow} when the batch is not full), builds the {@link SQSEvent} Lambda would, invokes the
 * handler, deletes the messages that succeeded and leaves the others on the queue: they come back after the
 * visibility timeout, and the queue's redrive policy moves them to the dead-letter queue after
 * {@code maxReceiveCount} receives. A thrown exception, a timeout or a failure naming an unknown message returns the
 * whole batch, as in Lambda (see {@link BatchVerdict}).
 *
 * <p>Workers share the handler object, so it must be thread-safe; Lambda never calls one environment concurrently,
 * but our handlers keep no per-invocation state in fields, so sharing one is faithful enough and much lighter.
 *
 * <p>Lifecycle: {@link #start()} once; {@link #pause()} and {@link #resume()} as often as needed (what disabling and
 * enabling the mapping does in AWS); {@link #stop()} (or {@link #close()}) waits for batches in flight to finish.
 */
public final class SqsEventSourceMapping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqsEventSourceMapping.class);
    private static final int MAX_MESSAGES_PER_RECEIVE = 10;
    private static final Duration BACKOFF_AFTER_RECEIVE_ERROR = Duration.ofSeconds(1);

    /** Calls the handler with a Lambda-like context; functions that do not want one ignore it. */
    @FunctionalInterface
    private interface Invocation {
        SQSBatchResponse invoke(SQSEvent event, Context context);
    }

    private enum State { NEW, RUNNING, STOPPING, STOPPED }

    private final SqsClient sqs;
    private final Invocation invocation;
    private final EventSourceMappingSettings settings;
    private final Object lock = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private final Counters counters = new Counters();

    private State state = State.NEW;
    private boolean paused;
    private int busyWorkers;
    private String queueArn;
    private String region;

    private SqsEventSourceMapping(SqsClient sqs, Invocation invocation, EventSourceMappingSettings settings) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.invocation = Objects.requireNonNull(invocation, "invocation");
        this.settings = Objects.requireNonNull(settings, "settings").requireConsistent();
    }

    /** For any function from an SQS event to a batch response. */
    public static SqsEventSourceMapping forFunction(SqsClient sqs, Function<SQSEvent, SQSBatchResponse> function,
                                                    EventSourceMappingSettings settings) {
        Objects.requireNonNull(function, "function");
        return new SqsEventSourceMapping(sqs, (event, context) -> function.apply(event), settings);
    }

    /** For a Lambda handler class, e.g. a Micronaut {@code MicronautRequestHandler}, given a fresh context per call. */
    public static SqsEventSourceMapping forRequestHandler(SqsClient sqs,
                                                          RequestHandler<SQSEvent, SQSBatchResponse> handler,
                                                          EventSourceMappingSettings settings) {
        Objects.requireNonNull(handler, "handler");
        return new SqsEventSourceMapping(sqs, handler::handleRequest, settings);
    }

    /** Looks up the queue's ARN (for the events' eventSourceARN and awsRegion) and starts the workers. */
    public SqsEventSourceMapping start() {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("a mapping starts once; it is " + state);
            }
            queueArn = sqs.getQueueAttributes(r -> r.queueUrl(settings.queueUrl())
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            region = LambdaSqsEvents.regionOf(queueArn);
            state = State.RUNNING;
            for (int i = 0; i < settings.workers(); i++) {
                Thread worker = Thread.ofPlatform().daemon(true)
                        .name("esm-" + settings.functionName() + "-" + i)
                        .start(this::work);
                threads.add(worker);
            }
        }
        LOG.info("Event source mapping started: {} workers, batch size {}, window {} ms, function {}",
                settings.workers(), settings.batchSize(), settings.maximumBatchingWindow().toMillis(),
                settings.functionName());
        return this;
    }

    /**
     * Stops taking new batches and returns once no batch is in flight. A receive already under way may still bring
     * messages; they are processed before the worker rests, so nothing is held invisible while paused.
     */
    public void pause() {
        synchronized (lock) {
            paused = true;
            while (busyWorkers > 0) {
                awaitQuietly();
            }
        }
        LOG.info("Event source mapping paused: {}", settings.functionName());
    }

    public void resume() {
        synchronized (lock) {
            paused = false;
            lock.notifyAll();
        }
        LOG.info("Event source mapping resumed: {}", settings.functionName());
    }

    public boolean isPaused() {
        synchronized (lock) {
            return paused;
        }
    }

    /** Lets batches in flight finish (invocation, deletes) and stops the workers; later calls do nothing. */
    public void stop() {
        synchronized (lock) {
            if (state == State.NEW) {
                state = State.STOPPED;
                return;
            }
            if (state != State.RUNNING) {
                return;
            }
            state = State.STOPPING;
            lock.notifyAll();
        }
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        synchronized (lock) {
            state = State.STOPPED;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Event source mapping stopped: {}; {}", settings.functionName(), stats());
    }

    @Override
    public void close() {
        stop();
    }

    public Stats stats() {
        return counters.snapshot();
    }

    private void work() {
        while (true) {
            synchronized (lock) {
                while (state == State.RUNNING && paused) {
                    awaitQuietly();
                }
                if (state != State.RUNNING) {
                    return;
                }
                busyWorkers++;
            }
            try {
                pollOnce();
            } catch (RuntimeException e) {
                // A worker must survive anything a poll throws, or the mapping would silently lose capacity.
                LOG.error("Event source mapping worker failed unexpectedly; continuing", e);
            } finally {
                synchronized (lock) {
                    busyWorkers--;
                    lock.notifyAll();
                }
            }
        }
    }

    private void pollOnce() {
        List<Message> batch = receiveBatch();
        if (!batch.isEmpty()) {
            invokeAndSettle(batch);
        }
    }

    private List<Message> receiveBatch() {
        List<Message> batch = new ArrayList<>();
        long windowEndsAt = 0;
        while (batch.size() < settings.batchSize()) {
            int waitSeconds;
            if (batch.isEmpty()) {
                waitSeconds = (int) settings.pollWait().toSeconds();
            } else {
                long remainingNanos = windowEndsAt - System.nanoTime();
                if (settings.maximumBatchingWindow().isZero() || remainingNanos <= 0 || !isRunning()) {
                    break;
                }
                waitSeconds = (int) Math.min(20, Math.max(1, Duration.ofNanos(remainingNanos).toSeconds()));
            }
            List<Message> received;
            try {
                received = sqs.receiveMessage(receiveRequest(batch.size(), waitSeconds)).messages();
            } catch (SdkException e) {
                counters.receiveErrors.incrementAndGet();
                LOG.warn("ReceiveMessage failed ({}); retrying shortly", e.getClass().getSimpleName());
                sleepQuietly(BACKOFF_AFTER_RECEIVE_ERROR);
                break;
            }
            if (batch.isEmpty() && received.isEmpty()) {
                break;
            }
            if (batch.isEmpty()) {
                windowEndsAt = System.nanoTime() + settings.maximumBatchingWindow().toNanos();
            }
            addOrReplace(batch, received);
        }
        return batch;
    }

    /**
     * A window longer than the visibility timeout can receive a message twice; the batch keeps it once, with the
     * newer receipt handle, since only that one deletes it.
     */
    private static void addOrReplace(List<Message> batch, List<Message> received) {
        for (Message message : received) {
            boolean replaced = false;
            for (int i = 0; i < batch.size() && !replaced; i++) {
                if (batch.get(i).messageId().equals(message.messageId())) {
                    batch.set(i, message);
                    replaced = true;
                }
            }
            if (!replaced) {
                batch.add(message);
            }
        }
    }

    private ReceiveMessageRequest receiveRequest(int alreadyInBatch, int waitSeconds) {
        ReceiveMessageRequest.Builder request = ReceiveMessageRequest.builder()
                .queueUrl(settings.queueUrl())
                .maxNumberOfMessages(Math.min(MAX_MESSAGES_PER_RECEIVE, settings.batchSize() - alreadyInBatch))
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All");
        if (settings.visibilityTimeout() != null) {
            request.visibilityTimeout((int) settings.visibilityTimeout().toSeconds());
        }
        return request.build();
    }

    private void invokeAndSettle(List<Message> batch) {
        counters.invocations.incrementAndGet();
        counters.received.addAndGet(batch.size());
        List<String> ids = new ArrayList<>(batch.size());
        Map<String, String> receiptHandles = new HashMap<>();
        for (Message message : batch) {
            ids.add(message.messageId());
            receiptHandles.put(message.messageId(), message.receiptHandle());
        }
        SQSEvent event = LambdaSqsEvents.of(batch, queueArn, region);
        LocalLambdaContext context = new LocalLambdaContext(settings.functionName(), region, settings.functionTimeout());
        long started = System.nanoTime();
        BatchVerdict verdict;
        try {
            SQSBatchResponse response = invocation.invoke(event, context);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            verdict = took.compareTo(settings.functionTimeout()) > 0
                    ? BatchVerdict.wholeBatchFailed(ids, "timed out after " + took.toMillis() + " ms")
                    : BatchVerdict.of(ids, response);
        } catch (RuntimeException | Error e) {
            LOG.warn("Invocation {} of {} failed; the whole batch of {} returns to the queue",
                    context.getAwsRequestId(), settings.functionName(), ids.size(), e);
            verdict = BatchVerdict.wholeBatchFailed(ids, "the function threw " + e.getClass().getName());
        }
        if (verdict.isWholeBatchFailure()) {
            counters.wholeBatchFailures.incrementAndGet();
            LOG.warn("Batch of {} failed as a whole: {}", ids.size(), verdict.wholeBatchFailed());
        }
        counters.returned.addAndGet(verdict.toReturn().size());
        delete(verdict.toDelete(), receiptHandles);
    }

    private void delete(List<String> messageIds, Map<String, String> receiptHandles) {
        for (int from = 0; from < messageIds.size(); from += MAX_MESSAGES_PER_RECEIVE) {
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(messageIds.size(), from + MAX_MESSAGES_PER_RECEIVE); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder()
                        .id("m" + i)
                        .receiptHandle(receiptHandles.get(messageIds.get(i)))
                        .build());
            }
            try {
                DeleteMessageBatchResponse response = sqs.deleteMessageBatch(r -> r.queueUrl(settings.queueUrl())
                        .entries(entries));
                counters.deleted.addAndGet(response.successful().size());
                for (BatchResultErrorEntry failed : response.failed()) {
                    counters.deleteErrors.incrementAndGet();
                    // The message comes back and is processed again: handlers must be idempotent, as in Lambda.
                    LOG.warn("DeleteMessageBatch entry {} failed: {}", failed.id(), failed.code());
                }
            } catch (SdkException e) {
                counters.deleteErrors.addAndGet(entries.size());
                LOG.warn("DeleteMessageBatch failed ({}); {} processed messages will be delivered again",
                        e.getClass().getSimpleName(), entries.size());
            }
        }
    }

    private boolean isRunning() {
        synchronized (lock) {
            return state == State.RUNNING;
        }
    }

    /** Callers hold {@link #lock}. */
    private void awaitQuietly() {
        try {
            lock.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the event source mapping", e);
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What the mapping has done so far.
     *
     * @param invocations        handler invocations (one per batch)
     * @param received           messages received
     * @param deleted            messages deleted after success
     * @param returned           messages left on the queue: reported failures and whole failed batches
     * @param wholeBatchFailures invocations whose entire batch was returned
     * @param receiveErrors      ReceiveMessage calls that failed
     * @param deleteErrors       messages that succeeded but could not be deleted (they will be delivered again)
     */
    public record Stats(long invocations, long received, long deleted, long returned, long wholeBatchFailures,
                        long receiveErrors, long deleteErrors) {
    }

    private static final class Counters {
        final AtomicLong invocations = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        final AtomicLong deleted = new AtomicLong();
        final AtomicLong returned = new AtomicLong();
        final AtomicLong wholeBatchFailures = new AtomicLong();
        final AtomicLong receiveErrors = new AtomicLong();
        final AtomicLong deleteErrors = new AtomicLong();

        Stats snapshot() {
            return new Stats(invocations.get(), received.get(), deleted.get(), returned.get(),
                    wholeBatchFailures.get(), receiveErrors.get(), deleteErrors.get());
        }
    }
}

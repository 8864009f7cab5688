package kr.compensation.voucher.locallambda;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link SqsEventSourceMapping} polls and invokes; the names follow Lambda's event source mapping settings.
 *
 * @param queueUrl              the source queue
 * @param functionName          shown in the context handed to the handler and in logs
 * @param batchSize             at most this many messages per invocation (Lambda: 1..10,000, default 10)
 * @param maximumBatchingWindow how long to keep gathering messages for a batch that is not full yet (Lambda: 0..300 s)
 * @param workers               batches in flight at once, like {@code ScalingConfig.MaximumConcurrency}
 * @param functionTimeout       an invocation that takes longer counts as failed, like a Lambda timeout
 * @param pollWait              long-poll wait of one ReceiveMessage (1..20 s); shorter makes stop and pause quicker
 * @param visibilityTimeout     null to use the queue's own; a local run or test may shorten it so failed messages
 *                              come back (and reach the dead-letter queue) sooner. Lambda never overrides it.
 */
public record EventSourceMappingSettings(String queueUrl, String functionName, int batchSize,
                                         Duration maximumBatchingWindow, int workers, Duration functionTimeout,
                                         Duration pollWait, Duration visibilityTimeout) {

    public static final int MAX_BATCH_SIZE = 10_000;
    public static final Duration MAX_BATCHING_WINDOW = Duration.ofSeconds(300);

    public EventSourceMappingSettings {
        Objects.requireNonNull(queueUrl, "queueUrl");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(maximumBatchingWindow, "maximumBatchingWindow");
        Objects.requireNonNull(functionTimeout, "functionTimeout");
        Objects.requireNonNull(pollWait, "pollWait");
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be 1.." + MAX_BATCH_SIZE);
        }
        if (maximumBatchingWindow.isNegative() || maximumBatchingWindow.compareTo(MAX_BATCHING_WINDOW) > 0) {
            throw new IllegalArgumentException("maximumBatchingWindow must be 0..300 s");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        if (functionTimeout.isNegative() || functionTimeout.isZero()) {
            throw new IllegalArgumentException("functionTimeout must be positive");
        }
        if (pollWait.toSeconds() < 1 || pollWait.toSeconds() > 20) {
            throw new IllegalArgumentException("pollWait must be 1..20 s");
        }
        if (visibilityTimeout != null && (visibilityTimeout.isNegative() || visibilityTimeout.toSeconds() > 43_200)) {
            throw new IllegalArgumentException("visibilityTimeout must be 0..12 h");
        }
    }

    /**
     * Checks what depends on more than one setting (so that the withers can be called in any order); the mapping
     * calls it before it starts.
     */
    public EventSourceMappingSettings requireConsistent() {
        if (batchSize > 10 && maximumBatchingWindow.isZero()) {
            // Lambda refuses this combination too: more than one receive per batch needs a window to wait in.
            throw new IllegalArgumentException("a batchSize over 10 needs a maximumBatchingWindow of at least 1 s");
        }
        return this;
    }

    /** Lambda's defaults for a standard queue: batches of 10, no window; two workers, a 30 s timeout. */
    public static EventSourceMappingSettings of(String queueUrl) {
        return new EventSourceMappingSettings(queueUrl, "local-function", 10, Duration.ZERO, 2,
                Duration.ofSeconds(30), Duration.ofSeconds(1), null);
    }

    public EventSourceMappingSettings withFunctionName(String name) {
        return new EventSourceMappingSettings(queueUrl, name, batchSize, maximumBatchingWindow, workers,
                functionTimeout, pollWait, visibilityTimeout);
    }

    public EventSourceMappingSettings withBatchSize(int size) {
        return new EventSourceMappingSettings(queueUrl, functionName, size, maximumBatchingWindow, workers,
                functionTimeout, pollWait, visibilityTimeout);
    }

    public EventSourceMappingSettings withMaximumBatchingWindow(Duration window) {
        return new EventSourceMappingSettings(queueUrl, functionName, batchSize, window, workers, functionTimeout,
                pollWait, visibilityTimeout);
    }

    public EventSourceMappingSettings withWorkers(int count) {
        return new EventSourceMappingSettings(queueUrl, functionName, batchSize, maximumBatchingWindow, count,
                functionTimeout, pollWait, visibilityTimeout);
    }

    public EventSourceMappingSettings withFunctionTimeout(Duration timeout) {
        return new EventSourceMappingSettings(queueUrl, functionName, batchSize, maximumBatchingWindow, workers,
                timeout, pollWait, visibilityTimeout);
    }

    public EventSourceMappingSettings withPollWait(Duration wait) {
        return new EventSourceMappingSettings(queueUrl, functionName, batchSize, maximumBatchingWindow, workers,
                functionTimeout, wait, visibilityTimeout);
    }

    public EventSourceMappingSettings withVisibilityTimeout(Duration timeout) {
        return new EventSourceMappingSettings(queueUrl, functionName, batchSize, maximumBatchingWindow, workers,
                functionTimeout, pollWait, timeout);
    }
}

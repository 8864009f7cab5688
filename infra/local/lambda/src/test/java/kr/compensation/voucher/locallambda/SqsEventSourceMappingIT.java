package kr.compensation.voucher.locallambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import kr.compensation.voucher.localaws.LocalAws;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** Needs the local AWS emulator with template.yaml's IssueRequestQueue and its dead-letter queue. */
class SqsEventSourceMappingIT extends EmptiedIssueQueues {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private EventSourceMappingSettings settings;

    SqsEventSourceMappingIT(LocalAws aws) {
        super(aws);
    }

    @BeforeEach
    void settings() {
        // The template's 190 s visibility timeout suits Lambda; failed messages come back after 1 s here.
        settings = EventSourceMappingSettings.of(queueUrl).withFunctionName("test-function")
                .withVisibilityTimeout(Duration.ofSeconds(1));
    }

    @Test
    void mapping_shouldInvokeWithLambdasEventAndDeleteWhatSucceeded() {
        List<SQSEvent> events = new CopyOnWriteArrayList<>();
        send(25, i -> "message " + i);

        try (SqsEventSourceMapping mapping = SqsEventSourceMapping.forFunction(sqs, event -> {
            events.add(event);
            return new SQSBatchResponse(List.of());
        }, settings).start()) {
            assertThat(QueueState.awaitMessages(sqs, queueUrl, 0, PATIENCE)).isTrue();
            assertThat(mapping.stats().deleted()).isEqualTo(25);
        }

        List<SQSEvent.SQSMessage> records = events.stream().flatMap(e -> e.getRecords().stream()).toList();
        assertThat(records).hasSize(25);
        assertThat(records).extracting(SQSEvent.SQSMessage::getBody).doesNotHaveDuplicates();
        assertThat(events).allSatisfy(e -> assertThat(e.getRecords()).hasSizeBetween(1, 10));
        String arn = QueueState.arnOf(sqs, queueUrl);
        assertThat(records).allSatisfy(record -> {
            assertThat(record.getEventSource()).isEqualTo("aws:sqs");
            assertThat(record.getEventSourceArn()).isEqualTo(arn);
            assertThat(record.getAwsRegion()).isEqualTo("ap-northeast-2");
            assertThat(record.getMessageId()).isNotBlank();
            assertThat(record.getReceiptHandle()).isNotBlank();
            assertThat(record.getMd5OfBody()).isNotBlank();
            assertThat(record.getAttributes()).containsEntry("ApproximateReceiveCount", "1")
                    .containsKeys("SentTimestamp", "ApproximateFirstReceiveTimestamp");
        });
    }

    @Test
    void mapping_shouldReturnReportedFailures_untilTheRedrivePolicyMovesThemToTheDeadLetterQueue() {
        int maxReceiveCount = QueueState.maxReceiveCount(sqs, queueUrl);
        Map<String, List<String>> receiveCountsByBody = new ConcurrentHashMap<>();
        send(4, i -> i == 2 ? "poison" : "good " + i);

        try (SqsEventSourceMapping mapping = SqsEventSourceMapping.forFunction(sqs, event -> {
            List<BatchItemFailure> failures = new ArrayList<>();
            for (SQSEvent.SQSMessage record : event.getRecords()) {
                receiveCountsByBody.computeIfAbsent(record.getBody(), b -> new CopyOnWriteArrayList<>())
                        .add(record.getAttributes().get("ApproximateReceiveCount"));
                if (record.getBody().equals("poison")) {
                    failures.add(new BatchItemFailure(record.getMessageId()));
                }
            }
            return new SQSBatchResponse(failures);
        }, settings).start()) {
            assertThat(QueueState.awaitMessages(sqs, deadLetterQueueUrl, 1, PATIENCE)).isTrue();
            assertThat(QueueState.awaitMessages(sqs, queueUrl, 0, PATIENCE)).isTrue();
            assertThat(mapping.stats().deleted()).isEqualTo(3);
        }

        List<String> expectedCounts = new ArrayList<>();
        for (int i = 1; i <= maxReceiveCount; i++) {
            expectedCounts.add(Integer.toString(i));
        }
        assertThat(receiveCountsByBody.get("poison")).containsExactlyElementsOf(expectedCounts);
        assertThat(receiveCountsByBody).containsEntry("good 0", List.of("1"))
                .containsEntry("good 1", List.of("1"))
                .containsEntry("good 3", List.of("1"));
        assertThat(sqs.receiveMessage(r -> r.queueUrl(deadLetterQueueUrl)).messages())
                .singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("poison"));
    }

    @Test
    void mapping_shouldReturnTheWholeBatch_whenTheFunctionThrows() {
        assertWholeBatchReturnedAfterAFirstInvocationThat(event -> {
            throw new IllegalStateException("broken invocation");
        });
    }

    @Test
    void mapping_shouldReturnTheWholeBatch_whenAFailureNamesAMessageNotInTheBatch() {
        assertWholeBatchReturnedAfterAFirstInvocationThat(
                event -> new SQSBatchResponse(List.of(new BatchItemFailure("not-a-message-of-this-batch"))));
    }

    @Test
    void mapping_shouldReturnTheWholeBatch_whenTheFunctionOverrunsItsTimeout() {
        EventSourceMappingSettings shortTimeout = settings.withFunctionTimeout(Duration.ofMillis(200));
        assertWholeBatchReturnedAfterAFirstInvocationThat(shortTimeout, event -> {
            sleep(Duration.ofMillis(400));
            return new SQSBatchResponse(List.of());
        });
    }

    @Test
    void stop_shouldWaitForTheBatchInFlightAndDeleteItsMessages() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        send(1, i -> "slow");
        SqsEventSourceMapping mapping = SqsEventSourceMapping.forFunction(sqs, event -> {
            entered.countDown();
            await(release);
            return new SQSBatchResponse(List.of());
        }, settings.withWorkers(1)).start();
        assertThat(entered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        Thread stopper = Thread.ofPlatform().start(mapping::stop);
        stopper.join(Duration.ofMillis(300));
        boolean stoppedWhileHandlerRan = !stopper.isAlive();
        release.countDown();
        stopper.join();

        assertThat(stoppedWhileHandlerRan).as("stop returned while a batch was in flight").isFalse();
        assertThat(mapping.stats().deleted()).isEqualTo(1);
        assertThat(QueueState.messagesIn(sqs, queueUrl)).isZero();
    }

    @Test
    void pause_shouldLeaveMessagesOnTheQueueUntilResume() {
        AtomicInteger invocations = new AtomicInteger();
        try (SqsEventSourceMapping mapping = SqsEventSourceMapping.forFunction(sqs, event -> {
            invocations.incrementAndGet();
            return new SQSBatchResponse(List.of());
        }, settings).start()) {
            mapping.pause();
            send(5, i -> "while paused " + i);
            // Two full long-poll rounds of every worker: a mapping that still polled would have taken them.
            sleep(settings.pollWait().multipliedBy(2).plusMillis(500));

            assertThat(mapping.isPaused()).isTrue();
            assertThat(invocations).hasValue(0);
            assertThat(QueueState.messagesIn(sqs, queueUrl)).isEqualTo(5);

            mapping.resume();

            assertThat(QueueState.awaitMessages(sqs, queueUrl, 0, PATIENCE)).isTrue();
            assertThat(mapping.stats().deleted()).isEqualTo(5);
        }
    }

    @Test
    void workers_shouldInvokeBatchesConcurrently() {
        int workers = 3;
        CountDownLatch allInside = new CountDownLatch(workers);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        send(30, i -> "parallel " + i);

        try (SqsEventSourceMapping mapping = SqsEventSourceMapping.forFunction(sqs, event -> {
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            allInside.countDown();
            // Hold each batch until every worker holds one: only concurrent invocations get past this together.
            await(allInside);
            inside.decrementAndGet();
            return new SQSBatchResponse(List.of());
        }, settings.withWorkers(workers).withBatchSize(1)).start()) {
            assertThat(QueueState.awaitMessages(sqs, queueUrl, 0, PATIENCE)).isTrue();
            assertThat(mapping.stats().deleted()).isEqualTo(30);
        }

        assertThat(mostInside).hasValue(workers);
    }

    @Test
    void batchingWindow_shouldGatherMoreThanOneReceiveIntoOneBatch() {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        send(15, i -> "windowed " + i);

        try (SqsEventSourceMapping mapping = SqsEventSourceMapping.forFunction(sqs, event -> {
            batchSizes.add(event.getRecords().size());
            return new SQSBatchResponse(List.of());
        }, settings.withWorkers(1).withVisibilityTimeout(Duration.ofSeconds(30))
                .withMaximumBatchingWindow(Duration.ofSeconds(2)).withBatchSize(20)).start()) {
            assertThat(QueueState.awaitMessages(sqs, queueUrl, 0, PATIENCE)).isTrue();
            assertThat(mapping.stats().invocations()).isEqualTo(1);
        }

        // One ReceiveMessage returns at most 10; 15 in one batch means the window gathered a second receive.
        assertThat(batchSizes).containsExactly(15);
    }

    private void assertWholeBatchReturnedAfterAFirstInvocationThat(Function<SQSEvent, SQSBatchResponse> firstAnswer) {
        assertWholeBatchReturnedAfterAFirstInvocationThat(settings, firstAnswer);
    }

    private void assertWholeBatchReturnedAfterAFirstInvocationThat(EventSourceMappingSettings mappingSettings,
                                                                   Function<SQSEvent, SQSBatchResponse> firstAnswer) {
        AtomicBoolean first = new AtomicBoolean(true);
        List<String> firstBatch = new CopyOnWriteArrayList<>();
        Map<String, String> laterReceiveCounts = new ConcurrentHashMap<>();
        send(5, i -> "batch " + i);

        try (SqsEventSourceMapping mapping = SqsEventSourceMapping.forFunction(sqs, event -> {
            if (first.compareAndSet(true, false)) {
                event.getRecords().forEach(r -> firstBatch.add(r.getMessageId()));
                return firstAnswer.apply(event);
            }
            event.getRecords().forEach(r -> laterReceiveCounts.put(r.getMessageId(),
                    r.getAttributes().get("ApproximateReceiveCount")));
            return new SQSBatchResponse(List.of());
        }, mappingSettings.withWorkers(1)).start()) {
            assertThat(QueueState.awaitMessages(sqs, queueUrl, 0, PATIENCE)).isTrue();
            assertThat(mapping.stats().wholeBatchFailures()).isEqualTo(1);
        }

        assertThat(firstBatch).isNotEmpty();
        // Every message of the failed batch was delivered again, none was deleted after the failed invocation.
        assertThat(firstBatch).allSatisfy(id -> assertThat(laterReceiveCounts).containsEntry(id, "2"));
    }

    private void send(int count, Function<Integer, String> body) {
        for (int from = 0; from < count; from += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(body.apply(i)).build());
            }
            assertThat(sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed()).isEmpty();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("latch never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

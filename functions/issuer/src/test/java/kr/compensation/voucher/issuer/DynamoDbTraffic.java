package kr.compensation.voucher.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.CustomerKey;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * An SDK interceptor on the issuer's DynamoDB client that sees every HTTP attempt: it counts requests by operation,
 * remembers each successful UpdateItem (HTTP 200: the voucher was written) per customer, and can break attempts on
 * purpose, either before the request is sent or after the write succeeded but before the SDK reads the response
 * (the nastier case: the voucher exists, the caller does not know).
 *
 * <p>One interceptor does both so that the counting sees exactly what reached the store, whatever breaks after it.
 *
 * <p>It holds no lock: DynamoDB's order of writes to one item is the emulator's job (the harness starts moto through a
 * launcher that keeps it, infra/local/aws/README.md), so the tests exercise the issuer against that guarantee
 * whoever the writers are.
 */
final class DynamoDbTraffic implements ExecutionInterceptor {

    /** Decides, per HTTP attempt, whether to break it. */
    @FunctionalInterface
    interface FaultPlan {
        boolean shouldBreak(int attempt);

        static FaultPlan never() {
            return attempt -> false;
        }
    }

    /** Decides, per HTTP attempt of one UpdateItem call (1 for the first, 2 for the SDK's first retry...), how it goes. */
    @FunctionalInterface
    interface SlowStore {
        /** How long the attempt takes before the store answers, and whether that answer is a throttling error. */
        Slowness of(int attemptOfCall);
    }

    /** @param throttled the attempt ends in ThrottlingException after the delay instead of reaching the table */
    record Slowness(Duration delay, boolean throttled) {
    }

    private static final ExecutionAttribute<AtomicInteger> ATTEMPT_OF_CALL = new ExecutionAttribute<>("AttemptOfCall");

    /** One UpdateItem the store answered with 200: a voucher was written. */
    record Write(String customerKey, String voucherCode) {
    }

    private final Map<String, AtomicInteger> sentByOperation = new ConcurrentHashMap<>();
    private final List<Write> successfulWrites = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger brokenBeforeSend = new AtomicInteger();
    private final AtomicInteger brokenAfterWrite = new AtomicInteger();
    private volatile FaultPlan beforeSend = FaultPlan.never();
    private volatile FaultPlan afterWrite = FaultPlan.never();
    private volatile SlowStore slowStore;
    private final AtomicInteger throttledSlowly = new AtomicInteger();

    /** Breaks UpdateItem attempts before they are sent (the write never happens), as the plan says. */
    DynamoDbTraffic breakBeforeSend(FaultPlan plan) {
        this.beforeSend = plan;
        return this;
    }

    /** Breaks successful UpdateItem attempts after the write, before the response is read, as the plan says. */
    DynamoDbTraffic loseResponseAfterWrite(FaultPlan plan) {
        this.afterWrite = plan;
        return this;
    }

    /**
     * Makes every UpdateItem attempt slow, as a throttled table is: the plan says, per attempt of one call, how long the
     * store takes and whether it then refuses with ThrottlingException (the SDK backs off and retries).
     */
    DynamoDbTraffic slowDown(SlowStore plan) {
        this.slowStore = plan;
        return this;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(ATTEMPT_OF_CALL, new AtomicInteger());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof UpdateItemRequest) {
            SlowStore slow = slowStore;
            if (slow != null) {
                Slowness slowness = slow.of(attributes.getAttribute(ATTEMPT_OF_CALL).incrementAndGet());
                try {
                    Thread.sleep(slowness.delay());
                } catch (InterruptedException e) {
                    // The SDK's attempt or call timeout fired: it turns this into its own timeout exception.
                    Thread.currentThread().interrupt();
                    throw SdkClientException.builder().message("injected: slow store, interrupted").cause(e).build();
                }
                if (slowness.throttled()) {
                    throttledSlowly.incrementAndGet();
                    throw DynamoDbException.builder().statusCode(400).message("injected: throttled slowly")
                            .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException")
                                    .errorMessage("injected").serviceName("DynamoDb").build())
                            .build();
                }
            }
            int attempt = attempts.incrementAndGet();
            if (beforeSend.shouldBreak(attempt)) {
                int n = brokenBeforeSend.incrementAndGet();
                throw n % 2 == 0
                        ? SdkClientException.builder().message("injected: connection reset before sending")
                                .cause(new IOException("injected")).build()
                        : DynamoDbException.builder().statusCode(400).message("injected: throttled")
                                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException")
                                        .errorMessage("injected").serviceName("DynamoDb").build())
                                .build();
            }
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        sentByOperation.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
        SdkRequest request = context.request();
        if (request instanceof UpdateItemRequest update && context.httpResponse().statusCode() == 200) {
            successfulWrites.add(new Write(update.key().get("pk").s(),
                    update.expressionAttributeValues().get(":code").s()));
            if (afterWrite.shouldBreak(successfulWrites.size())) {
                int n = brokenAfterWrite.incrementAndGet();
                throw n % 2 == 0
                        ? SdkClientException.builder().message("injected: read timed out after the write")
                                .cause(new IOException("injected")).build()
                        : DynamoDbException.builder().statusCode(500).message("injected: internal server error")
                                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalServerError")
                                        .errorMessage("injected").serviceName("DynamoDb").build())
                                .build();
            }
        }
    }

    /** HTTP requests that reached the store, by operation name (UpdateItem, GetItem, ...). */
    Map<String, Integer> sentByOperation() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        sentByOperation.forEach((operation, count) -> copy.put(operation, count.get()));
        return copy;
    }

    int sent(String operation) {
        AtomicInteger count = sentByOperation.get(operation);
        return count == null ? 0 : count.get();
    }

    List<Write> successfulWrites() {
        return List.copyOf(successfulWrites);
    }

    /**
     * Exactly one accepted write per customer (no more, none missing), and each customer's item holds that write's
     * voucher code.
     *
     * @param items the table after the run, by customer key
     */
    void assertOneAcceptedWriteEach(List<CustomerKey> customers, Map<String, Map<String, AttributeValue>> items) {
        Map<String, List<String>> writesByCustomer = successfulWrites().stream().collect(Collectors.groupingBy(
                Write::customerKey, Collectors.mapping(Write::voucherCode, Collectors.toList())));
        assertThat(writesByCustomer).hasSize(customers.size());
        assertThat(writesByCustomer.values()).allSatisfy(codes -> assertThat(codes).hasSize(1));
        customers.forEach(c -> assertThat(items.get(c.value()).get(EligibilityItem.VOUCHER_CODE).s())
                .isEqualTo(writesByCustomer.get(c.value()).getFirst()));
    }

    int brokenBeforeSend() {
        return brokenBeforeSend.get();
    }

    int throttledSlowly() {
        return throttledSlowly.get();
    }

    int brokenAfterWrite() {
        return brokenAfterWrite.get();
    }
}

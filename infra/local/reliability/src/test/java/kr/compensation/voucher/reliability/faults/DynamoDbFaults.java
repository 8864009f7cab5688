package kr.compensation.voucher.reliability.faults;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Sits on the issuer's DynamoDB client, sees every HTTP attempt, and breaks a share of them on purpose:
 * <ul>
 *   <li>before sending: the write never happens (a reset connection, a throttle);</li>
 *   <li>after the store answered 200 to a write: the voucher exists, the caller never learns it (a read timeout, a
 *       500 from a proxy). The nastier case: a naive retry would grant a second voucher.</li>
 * </ul>
 * It also records each write the store accepted (HTTP 200 to UpdateItem), so a test can count vouchers written
 * against vouchers held. Which attempts break is decided by a seeded hash of the attempt's number: the same run
 * breaks the same share, whatever the thread timing.
 *
 * <p>It breaks only: DynamoDB's order of writes to one item is the emulator's job (the harness's moto launcher,
 * infra/local/aws/README.md), not this client's.
 */
public final class DynamoDbFaults implements ExecutionInterceptor {

    /** One UpdateItem the store accepted: a voucher was written for this key. */
    public record Write(String customerKey, String voucherCode) {
    }

    private final double beforeSendRate;
    private final double responseLostRate;
    private final long seed;
    private final Map<String, AtomicInteger> sentByOperation = new ConcurrentHashMap<>();
    private final List<Write> acceptedWrites = new CopyOnWriteArrayList<>();
    private final AtomicInteger updateAttempts = new AtomicInteger();
    private final AtomicInteger updatesAnswered = new AtomicInteger();
    private final AtomicInteger brokenBeforeSend = new AtomicInteger();
    private final AtomicInteger responsesLost = new AtomicInteger();

    /**
     * @param beforeSendRate   share of UpdateItem attempts broken before they are sent
     * @param responseLostRate share of accepted writes whose answer is then lost
     */
    public DynamoDbFaults(double beforeSendRate, double responseLostRate, long seed) {
        this.beforeSendRate = beforeSendRate;
        this.responseLostRate = responseLostRate;
        this.seed = seed;
    }

    public static DynamoDbFaults none() {
        return new DynamoDbFaults(0, 0, 0);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof UpdateItemRequest update) {
            int attempt = updateAttempts.incrementAndGet();
            if (roll(attempt, 1) < beforeSendRate) {
                int n = brokenBeforeSend.incrementAndGet();
                throw n % 2 == 0
                        ? SdkClientException.builder().message("injected: connection reset before sending")
                                .cause(new IOException("injected")).build()
                        : serviceError(400, "ThrottlingException", "injected: throttled");
            }
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        sentByOperation.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
        if (context.request() instanceof UpdateItemRequest) {
            updatesAnswered.incrementAndGet();
        }
        if (context.request() instanceof UpdateItemRequest update && context.httpResponse().statusCode() == 200) {
            acceptedWrites.add(new Write(update.key().get("pk").s(),
                    update.expressionAttributeValues().get(":code").s()));
        }
        if (context.request() instanceof UpdateItemRequest && context.httpResponse().statusCode() == 200) {
            if (roll(acceptedWrites.size(), 2) < responseLostRate) {
                int n = responsesLost.incrementAndGet();
                throw n % 2 == 0
                        ? SdkClientException.builder().message("injected: read timed out after the write")
                                .cause(new IOException("injected")).build()
                        : serviceError(500, "InternalServerError", "injected: internal server error");
            }
        }
    }

    private double roll(int n, int salt) {
        return new SplittableRandom(seed * 31 + n * 1_000_003L + salt).nextDouble();
    }

    private static SdkException serviceError(int status, String code, String message) {
        return DynamoDbException.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message)
                        .serviceName("DynamoDb").build())
                .build();
    }

    /** HTTP requests that reached the store, by operation name. */
    public Map<String, Integer> sentByOperation() {
        Map<String, Integer> copy = new TreeMap<>();
        sentByOperation.forEach((operation, count) -> copy.put(operation, count.get()));
        return copy;
    }

    public List<Write> acceptedWrites() {
        return List.copyOf(acceptedWrites);
    }

    public int updateAttempts() {
        return updateAttempts.get();
    }

    /**
     * UpdateItem attempts sent whose answer never came: the client's attempt timeout ended them (a slow machine),
     * not this injector. The store may have applied such a write; no accepted write is recorded for it.
     */
    public int updatesUnanswered() {
        return updateAttempts.get() - brokenBeforeSend.get() - updatesAnswered.get();
    }

    public int brokenBeforeSend() {
        return brokenBeforeSend.get();
    }

    public int responsesLost() {
        return responsesLost.get();
    }
}

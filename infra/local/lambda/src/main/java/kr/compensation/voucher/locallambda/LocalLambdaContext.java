package kr.compensation.voucher.locallambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * The {@link Context} of one local invocation: a fresh request id and a deadline, like Lambda's. It is also the one
 * Lambda context double of the tests and benchmarks, which name the request id ({@link #forRequest}) or say how
 * the remaining time runs down ({@link #withRemainingTime}) instead of waiting for a clock.
 */
public final class LocalLambdaContext implements Context {

    private static final LambdaLogger STDOUT = new LambdaLogger() {
        @Override
        public void log(String message) {
            System.out.print(message);
        }

        @Override
        public void log(byte[] message) {
            System.out.print(new String(message, StandardCharsets.UTF_8));
        }
    };

    private final String requestId;
    private final String functionName;
    private final String region;
    private final IntSupplier remainingMillis;

    /** @param timeout the function's Timeout: the deadline is this long from now */
    public LocalLambdaContext(String functionName, String region, Duration timeout) {
        this(UUID.randomUUID().toString(), functionName, region, untilDeadline(System.nanoTime() + timeout.toNanos()));
    }

    private LocalLambdaContext(String requestId, String functionName, String region, IntSupplier remainingMillis) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.region = Objects.requireNonNull(region, "region");
        this.remainingMillis = Objects.requireNonNull(remainingMillis, "remainingMillis");
    }

    private static IntSupplier untilDeadline(long deadlineNanos) {
        return () -> {
            long remaining = Duration.ofNanos(deadlineNanos - System.nanoTime()).toMillis();
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
        };
    }

    /** An invocation under a request id the caller names (tests that look for it in log lines, benchmarks). */
    public static LocalLambdaContext forRequest(String requestId, String functionName, String region,
                                                Duration timeout) {
        return new LocalLambdaContext(requestId, functionName, region,
                untilDeadline(System.nanoTime() + timeout.toNanos()));
    }

    /** The same invocation with the remaining time the caller computes, e.g. from the work done so far. */
    public LocalLambdaContext withRemainingTime(IntSupplier millis) {
        return new LocalLambdaContext(requestId, functionName, region, millis);
    }

    /** The same invocation with a remaining time that never runs down. */
    public LocalLambdaContext withRemainingTime(int millis) {
        return withRemainingTime(() -> millis);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + region + ":000000000000:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis.getAsInt();
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return STDOUT;
    }
}

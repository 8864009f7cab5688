package kr.compensation.voucher.issuer;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * When an invocation must stop starting work: once less than {@code reserve} is left before Lambda's timeout. Lambda
 * ends an invocation that overruns its Timeout and SQS then delivers the whole batch again, counting a receive against
 * every message in it, granted or not; after the redrive policy's maxReceiveCount good claims sit in the dead-letter
 * queue. Stopping early instead returns only the messages not started, as batch item failures.
 *
 * <p>The reserve is one DynamoDB call's worst case (the SDK client's call timeout, which bounds all its retries) plus
 * a margin for the rest of the invocation: the metrics line and the response. A message started with at least that
 * much left finishes before the timeout.
 *
 * @param remainingMillis the Lambda context's getRemainingTimeInMillis, read before each message
 */
public record InvocationDeadline(LongSupplier remainingMillis, Duration reserve) {

    /** For callers without a Lambda context (direct calls in tests and benchmarks): never stops a batch. */
    public static final InvocationDeadline NONE = new InvocationDeadline(() -> Long.MAX_VALUE, Duration.ZERO);

    public InvocationDeadline {
        Objects.requireNonNull(remainingMillis, "remainingMillis");
        Objects.requireNonNull(reserve, "reserve");
        if (reserve.isNegative()) {
            throw new IllegalArgumentException("reserve must not be negative");
        }
    }

    /** True while one more message, with its DynamoDB call, is sure to finish before the timeout. */
    public boolean allowsAnotherMessage() {
        return remainingMillis.getAsLong() >= reserve.toMillis();
    }
}

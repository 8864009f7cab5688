package kr.compensation.voucher.bench.issuance;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every HTTP request the issuer's DynamoDB client sends, retries included (one count per attempt that went
 * out), by operation, and the UpdateItems the store accepted: what DynamoDB would bill.
 */
final class WriteCounter implements ExecutionInterceptor {

    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    private final AtomicLong acceptedUpdates = new AtomicLong();

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        sent.computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
        if ("UpdateItem".equals(operation) && context.httpResponse().statusCode() == 200) {
            acceptedUpdates.incrementAndGet();
        }
    }

    Map<String, Long> sent() {
        Map<String, Long> copy = new TreeMap<>();
        sent.forEach((operation, count) -> copy.put(operation, count.get()));
        return copy;
    }

    long sent(String operation) {
        AtomicLong count = sent.get(operation);
        return count == null ? 0 : count.get();
    }

    long acceptedUpdates() {
        return acceptedUpdates.get();
    }

    void reset() {
        sent.clear();
        acceptedUpdates.set(0);
    }
}

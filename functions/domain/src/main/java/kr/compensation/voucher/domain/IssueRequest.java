package kr.compensation.voucher.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A request to grant the voucher of one customer. Delivered at least once, possibly many times and concurrently: the
 * grant is idempotent per customer, so the request id only serves audit and tracing.
 */
public record IssueRequest(CustomerKey customerKey, IssueSource source, String requestId, Instant requestedAt) {

    /** Version of the message shape; consumers refuse versions they do not know rather than guess. */
    public static final int CURRENT_VERSION = 1;

    public IssueRequest {
        Objects.requireNonNull(customerKey, "customerKey");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (requestId.isBlank() || requestId.length() > 64) {
            throw new IllegalArgumentException("requestId must be 1..64 characters");
        }
    }
}

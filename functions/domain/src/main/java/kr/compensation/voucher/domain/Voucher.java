package kr.compensation.voucher.domain;

import java.time.Instant;
import java.util.Objects;

/** A granted voucher, as recorded on the customer's item by the single conditional write that grants it. */
public record Voucher(VoucherCode code, Money value, Instant issuedAt, Instant expiresAt, IssueSource source,
                      String requestId) {

    public Voucher {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(requestId, "requestId");
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("a voucher expires after it is issued");
        }
    }
}

package kr.compensation.voucher.domain;

import java.time.Duration;
import java.util.Objects;

/** What every voucher is worth and how long it stays valid; configured per deployment. */
public record VoucherTerms(Money value, Duration validity) {

    public VoucherTerms {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive");
        }
    }
}

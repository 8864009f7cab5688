package kr.compensation.voucher.domain;

import java.util.Objects;

/** An amount in the currency's smallest unit; the won has no minor unit, so 50,000 KRW is amount 50000. */
public record Money(long amount, String currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (amount <= 0) {
            throw new IllegalArgumentException("a voucher is worth a positive amount");
        }
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code");
        }
    }

    public static Money krw(long amount) {
        return new Money(amount, "KRW");
    }
}

package kr.compensation.voucher.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The only customer identifier the system stores: an HMAC-SHA256 of issuer role and subject under a secret pepper,
 * in unpadded base64url (43 characters). Without the pepper it cannot be linked back to a customer.
 */
public record CustomerKey(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    public CustomerKey {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("a customer key is 43 base64url characters");
        }
    }

    public static boolean isWellFormed(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }
}

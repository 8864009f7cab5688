package kr.compensation.voucher.domain;

/**
 * A dependency was briefly unavailable (throttled, timed out, answered 5xx). The operation did not happen or its
 * outcome is unknown; retrying it is safe because every write here is idempotent.
 */
public class TransientFailure extends RuntimeException {

    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

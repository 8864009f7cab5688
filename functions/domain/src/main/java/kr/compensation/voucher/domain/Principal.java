package kr.compensation.voucher.domain;

import java.util.Objects;

/**
 * The authenticated caller: who vouched for them and the subject that provider knows them by. It only ever comes from
 * a validated token, never from a request parameter, so one customer cannot name another.
 */
public record Principal(IssuerRole role, String subject) {

    /** Longer subjects are not ids any provider of ours issues; refusing them bounds hashing and logging work. */
    public static final int MAX_SUBJECT_LENGTH = 256;

    public Principal {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(subject, "subject");
        if (subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("subject must be 1.." + MAX_SUBJECT_LENGTH + " characters");
        }
    }

    @Override
    public String toString() {
        // The subject is a customer id: keep it out of logs and exception messages.
        return "Principal[role=" + role + ", subject=<redacted>]";
    }
}

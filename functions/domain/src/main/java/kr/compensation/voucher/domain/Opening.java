package kr.compensation.voucher.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * The instant the service opens to customers. The switch is the clock: nothing is deployed or run at midnight, and
 * moving the opening is a parameter change.
 */
public record Opening(Instant opensAt) {

    public Opening {
        Objects.requireNonNull(opensAt, "opensAt");
    }

    /** Parses ISO-8601 with an explicit offset, e.g. {@code 2027-01-15T00:00:00+09:00}; a bare local time is refused. */
    public static Opening parse(String isoWithOffset) {
        try {
            return new Opening(OffsetDateTime.parse(isoWithOffset).toInstant());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("the opening must be ISO-8601 with an offset, e.g. 2027-01-15T00:00:00+09:00", e);
        }
    }

    /** Open from the opening instant itself on: at {@code opensAt} the answer is already yes. */
    public boolean isOpenAt(Instant now) {
        return !now.isBefore(opensAt);
    }

    /** Whole seconds to wait, rounded up, for a Retry-After header; at least 1 while closed. */
    public long secondsUntilOpen(Instant now) {
        if (isOpenAt(now)) {
            return 0;
        }
        Duration wait = Duration.between(now, opensAt);
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}

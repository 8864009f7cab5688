package kr.compensation.voucher.ops.load;

import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.IssuerRole;

/** One data line of the affected-customer list, judged. */
public sealed interface CustomerLine {

    /** Physical line number in the file, the header being line 1. */
    long lineNumber();

    /** A customer to load. {@link #toString()} hides the id, which must never reach a log or report. */
    record Valid(long lineNumber, IssuerRole issuer, String customerId, AccountState accountState)
            implements CustomerLine {
        @Override
        public String toString() {
            return "Valid[line=" + lineNumber + ", issuer=" + issuer + ", customerId=<redacted>, accountState="
                    + accountState + "]";
        }
    }

    /** A line that is reported and never written. */
    record Invalid(long lineNumber, InvalidReason reason) implements CustomerLine {
    }
}

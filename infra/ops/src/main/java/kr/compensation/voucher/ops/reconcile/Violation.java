package kr.compensation.voucher.ops.reconcile;

import java.util.List;

/**
 * One broken invariant. Names customers only by their customer key (a keyed hash, meaningless without the pepper)
 * and voucher codes only by their last four symbols: a full code is a bearer instrument worth money.
 *
 * @param customerKeys the items involved (two or more for a duplicate code)
 */
public record Violation(Kind kind, List<String> customerKeys, String detail) {

    /** The invariants reconcile checks. */
    public enum Kind {
        /** The voucher code is not in canonical form or its check symbol does not match. */
        MALFORMED_CODE,
        /** The voucher's amount or currency is not the configured one. */
        WRONG_AMOUNT,
        /** Two or more customers hold the same code. */
        DUPLICATE_CODE,
        /** A voucher was issued to a customer who is not eligible. */
        ISSUED_TO_NOT_ELIGIBLE,
        /** The partition key is not a customer key: something other than the loader wrote the item. */
        MALFORMED_CUSTOMER_KEY,
        /** A voucher of the table has no VoucherIssued event among the delivered ones (only with --events). */
        VOUCHER_WITHOUT_EVENT,
        /** A delivered event names a code the table does not give that customer (only with --events). */
        EVENT_WITHOUT_VOUCHER
    }

    public Violation {
        customerKeys = List.copyOf(customerKeys);
    }

    /** {@code ****-****-****-WXYZ} style: enough to tell codes apart in a report, useless to redeem. */
    static String mask(String code) {
        if (code == null) {
            return "(none)";
        }
        return code.length() <= 4 ? "****" : "…" + code.substring(code.length() - 4);
    }
}

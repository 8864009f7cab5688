package kr.compensation.voucher.lookup;

import java.time.Duration;
import java.util.Base64;
import kr.compensation.voucher.domain.Money;
import kr.compensation.voucher.domain.Opening;

/**
 * The lookup function's configuration, checked once at init so that a bad deployment fails its first cold start
 * instead of answering customers wrongly. In AWS every value comes from the function's environment
 * (application-lookup.properties maps it); the local run passes the same properties directly. The region and an
 * emulator's endpoint are the shell's (FunctionClients).
 *
 * @param pepperParameter  SSM parameter holding the pepper; blank outside AWS
 * @param localPepper      base64 pepper, used only when no parameter is named (local run, tests)
 */
public record LookupSettings(String tableName, String queueUrl, Opening opening, Money voucherValue,
                             String pepperParameter, String localPepper, String signInIssuer, String identityIssuer,
                             Duration claimResubmitAfter) {

    public LookupSettings {
        require(tableName, "voucher.table-name (TABLE_NAME)");
        require(queueUrl, "voucher.queue-url (QUEUE_URL)");
        require(signInIssuer, "voucher.sign-in-issuer (SIGN_IN_ISSUER)");
        require(identityIssuer, "voucher.identity-issuer (IDENTITY_ISSUER)");
        if (isBlank(pepperParameter) && isBlank(localPepper)) {
            throw new IllegalStateException("no customer-key pepper: set voucher.pepper-parameter (PEPPER_PARAMETER) "
                    + "in AWS, or voucher.local-pepper (base64) for a local run");
        }
        if (claimResubmitAfter == null || claimResubmitAfter.isNegative() || claimResubmitAfter.isZero()) {
            throw new IllegalStateException("voucher.claim-resubmit-after must be a positive duration");
        }
    }

    /** Reads raw property values; blank optional values mean "not set". */
    public static LookupSettings of(String tableName, String queueUrl, String opensAt, long voucherAmount,
                                    String pepperParameter, String localPepper, String signInIssuer,
                                    String identityIssuer, Duration claimResubmitAfter) {
        Opening opening;
        try {
            opening = Opening.parse(opensAt == null ? null : opensAt.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("voucher.opens-at (OPENS_AT): " + e.getMessage(), e);
        }
        if (!isBlank(localPepper)) {
            try {
                Base64.getDecoder().decode(localPepper.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("voucher.local-pepper must be base64", e);
            }
        }
        return new LookupSettings(trim(tableName), trim(queueUrl), opening, Money.krw(voucherAmount),
                trim(pepperParameter), trim(localPepper), trim(signInIssuer), trim(identityIssuer),
                claimResubmitAfter);
    }

    @Override
    public String toString() {
        // The local pepper is a secret even when it is only a test value: never print it.
        return "LookupSettings[tableName=" + tableName + ", queueUrl=" + queueUrl + ", opensAt=" + opening.opensAt()
                + ", voucherValue=" + voucherValue + ", pepperParameter=" + pepperParameter
                + ", localPepper=" + (isBlank(localPepper) ? "unset" : "<redacted>") + ", signInIssuer=" + signInIssuer
                + ", identityIssuer=" + identityIssuer + ", claimResubmitAfter=" + claimResubmitAfter + "]";
    }

    private static void require(String value, String name) {
        if (isBlank(value)) {
            throw new IllegalStateException(name + " is not configured");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }
}

package kr.compensation.voucher.issuer;

import java.time.Duration;
import kr.compensation.voucher.domain.Money;
import kr.compensation.voucher.domain.VoucherTerms;

/**
 * The issuer's configuration, checked once at init so that a bad deployment fails its first cold start instead of
 * granting wrong vouchers. In AWS each value comes from the function's environment (application-issuer.properties maps it:
 * TABLE_NAME, VOUCHER_AMOUNT, VOUCHER_VALIDITY_DAYS); the local run and tests pass the same {@code voucher.*}
 * properties directly. The region and an emulator's endpoint are the shell's (FunctionClients).
 */
public record IssuerSettings(String tableName, VoucherTerms terms) {

    public IssuerSettings {
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalStateException("voucher.table-name (TABLE_NAME) is not configured");
        }
        if (terms == null) {
            throw new IllegalStateException("voucher terms are not configured");
        }
    }

    /** Reads raw property values. */
    public static IssuerSettings of(String tableName, long amount, int validityDays) {
        if (amount <= 0) {
            throw new IllegalStateException("voucher.amount (VOUCHER_AMOUNT) must be a positive number of won");
        }
        if (validityDays <= 0) {
            throw new IllegalStateException("voucher.validity-days (VOUCHER_VALIDITY_DAYS) must be a positive number");
        }
        return new IssuerSettings(tableName == null ? null : tableName.trim(),
                new VoucherTerms(Money.krw(amount), Duration.ofDays(validityDays)));
    }
}

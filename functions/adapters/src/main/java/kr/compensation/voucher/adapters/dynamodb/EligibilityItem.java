package kr.compensation.voucher.adapters.dynamodb;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.EligibilityRecord;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.Money;
import kr.compensation.voucher.domain.Voucher;
import kr.compensation.voucher.domain.VoucherCode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one place that knows how an eligibility record is laid out in DynamoDB: attribute names, types and formats.
 * Every reader and writer (functions and ops tools) goes through here.
 */
public final class EligibilityItem {

    public static final String PK = "pk";
    public static final String ELIGIBLE = "eligible";
    public static final String ACCOUNT_STATE = "accountState";
    public static final String CLAIM_REQUESTED_AT = "claimRequestedAt";
    public static final String VOUCHER_CODE = "voucherCode";
    public static final String VOUCHER_AMOUNT = "voucherAmount";
    public static final String VOUCHER_CURRENCY = "voucherCurrency";
    public static final String ISSUED_AT = "issuedAt";
    public static final String EXPIRES_AT = "expiresAt";
    public static final String ISSUE_SOURCE = "issueSource";
    public static final String ISSUE_REQUEST_ID = "issueRequestId";

    /**
     * Fixed width, always with milliseconds, so that instants compare correctly as strings inside condition
     * expressions ({@code claimRequestedAt < :staleBefore}).
     */
    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private EligibilityItem() {
    }

    public static Map<String, AttributeValue> key(CustomerKey key) {
        return Map.of(PK, s(key.value()));
    }

    /** The item a freshly loaded customer starts with: no claim, no voucher. */
    public static Map<String, AttributeValue> newlyLoaded(CustomerKey key, boolean eligible, AccountState state) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(key.value()));
        item.put(ELIGIBLE, AttributeValue.fromBool(eligible));
        item.put(ACCOUNT_STATE, s(state.name()));
        return item;
    }

    public static EligibilityRecord toRecord(Map<String, AttributeValue> item) {
        CustomerKey key = new CustomerKey(item.get(PK).s());
        AttributeValue eligible = item.get(ELIGIBLE);
        AttributeValue state = item.get(ACCOUNT_STATE);
        AttributeValue claim = item.get(CLAIM_REQUESTED_AT);
        return new EligibilityRecord(key,
                eligible != null && Boolean.TRUE.equals(eligible.bool()),
                state != null ? AccountState.valueOf(state.s()) : AccountState.ACTIVE,
                claim != null ? parseInstant(claim.s()) : null,
                item.containsKey(VOUCHER_CODE) ? toVoucher(item) : null);
    }

    public static Voucher toVoucher(Map<String, AttributeValue> item) {
        return new Voucher(new VoucherCode(item.get(VOUCHER_CODE).s()),
                new Money(Long.parseLong(item.get(VOUCHER_AMOUNT).n()), item.get(VOUCHER_CURRENCY).s()),
                parseInstant(item.get(ISSUED_AT).s()),
                parseInstant(item.get(EXPIRES_AT).s()),
                IssueSource.valueOf(item.get(ISSUE_SOURCE).s()),
                item.get(ISSUE_REQUEST_ID).s());
    }

    public static AttributeValue instant(Instant instant) {
        return s(INSTANT.format(instant));
    }

    public static Instant parseInstant(String value) {
        return Instant.parse(value);
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}

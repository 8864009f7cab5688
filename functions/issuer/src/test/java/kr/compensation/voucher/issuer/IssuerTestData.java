package kr.compensation.voucher.issuer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import kr.compensation.voucher.adapters.sqs.IssueRequestCodec;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.IssueRequest;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.Money;
import kr.compensation.voucher.domain.VoucherTerms;

/** Customers, requests and settings the issuer's tests share; keys come from the real hasher with a test pepper. */
final class IssuerTestData {

    static final Instant NOW = Instant.parse("2027-01-15T00:00:05Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final VoucherTerms TERMS = new VoucherTerms(Money.krw(50_000), Duration.ofDays(365));
    static final int VALIDITY_DAYS = 365;
    static final byte[] PEPPER = pepper();
    static final CustomerKeyHasher HASHER = new CustomerKeyHasher(PEPPER);
    static final IssueRequestCodec CODEC = new IssueRequestCodec();

    private IssuerTestData() {
    }

    /** The n-th test customer, signed in with subject "customer-n". */
    static CustomerKey customer(int n) {
        return HASHER.keyOf(IssuerRole.SIGN_IN, "customer-" + n);
    }

    static String requestBody(CustomerKey key, String requestId) {
        return CODEC.encode(new IssueRequest(key, IssueSource.CUSTOMER_CLAIM, requestId, NOW.minusSeconds(2)));
    }

    /** The properties the local run passes (minus the AWS endpoint, which the *IT tests add). */
    static Map<String, Object> properties(String tableName) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("voucher.table-name", tableName);
        properties.put("voucher.amount", 50_000);
        properties.put("voucher.validity-days", VALIDITY_DAYS);
        properties.put("voucher.aws.region", "ap-northeast-2");
        return properties;
    }

    static String base64Pepper() {
        return Base64.getEncoder().encodeToString(PEPPER);
    }

    /** Collects what would go to standard output. */
    static final class CapturedOutput {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        String[] lines() {
            String text = text();
            return text.isEmpty() ? new String[0] : text.split("\n");
        }
    }

    private static byte[] pepper() {
        byte[] pepper = new byte[32];
        for (int i = 0; i < pepper.length; i++) {
            pepper[i] = (byte) (17 * i + 3);
        }
        return pepper;
    }
}

package kr.compensation.voucher.bench.baseline;

import java.net.URI;
import java.util.function.UnaryOperator;
import kr.compensation.voucher.domain.Money;
import kr.compensation.voucher.domain.Opening;

/**
 * The baseline's configuration: the same environment variables as the lookup function (TABLE_NAME, OPENS_AT,
 * VOUCHER_AMOUNT, PEPPER_PARAMETER, SIGN_IN_ISSUER, IDENTITY_ISSUER, AWS_REGION), plus the two names Micronaut derives
 * for the lookup's emulator-only properties (VOUCHER_LOCAL_PEPPER, VOUCHER_AWS_ENDPOINT_OVERRIDE), so one environment
 * configures both handlers the same way.
 *
 * @param pepperParameter  SSM parameter with the base64 pepper; blank when {@code localPepper} is given
 * @param endpointOverride null in AWS and whenever the SDK's own AWS_ENDPOINT_URL is used
 */
public record BaselineSettings(String tableName, Opening opening, Money voucherValue, String pepperParameter,
                               String localPepper, String signInIssuer, String identityIssuer, String region,
                               URI endpointOverride) {

    public static BaselineSettings from(UnaryOperator<String> environment) {
        String endpoint = optional(environment, "VOUCHER_AWS_ENDPOINT_OVERRIDE");
        String amount = optional(environment, "VOUCHER_AMOUNT");
        String region = optional(environment, "AWS_REGION");
        BaselineSettings settings = new BaselineSettings(required(environment, "TABLE_NAME"),
                Opening.parse(required(environment, "OPENS_AT")),
                Money.krw(amount.isEmpty() ? 50_000 : Long.parseLong(amount)),
                optional(environment, "PEPPER_PARAMETER"), optional(environment, "VOUCHER_LOCAL_PEPPER"),
                required(environment, "SIGN_IN_ISSUER"), required(environment, "IDENTITY_ISSUER"),
                region.isEmpty() ? "ap-northeast-2" : region,
                endpoint.isEmpty() ? null : URI.create(endpoint));
        if (settings.pepperParameter().isEmpty() && settings.localPepper().isEmpty()) {
            throw new IllegalStateException("no pepper: set PEPPER_PARAMETER or VOUCHER_LOCAL_PEPPER");
        }
        return settings;
    }

    @Override
    public String toString() {
        // Never print the pepper, even a benchmark's.
        return "BaselineSettings[tableName=" + tableName + ", opening=" + opening + ", pepperParameter="
                + pepperParameter + ", region=" + region + ", endpointOverride=" + endpointOverride + "]";
    }

    private static String required(UnaryOperator<String> environment, String name) {
        String value = optional(environment, name);
        if (value.isEmpty()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }

    private static String optional(UnaryOperator<String> environment, String name) {
        String value = environment.apply(name);
        return value == null ? "" : value.trim();
    }
}

package kr.compensation.voucher.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kr.compensation.voucher.aws.AwsClientSettings;
import kr.compensation.voucher.domain.Money;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A deployment with bad configuration must fail at init, never answer customers wrongly. */
class LookupConfigurationTest {

    @ParameterizedTest(name = "[{index}] {0}={1}")
    @DisplayName("a missing or invalid setting fails the handler's construction and names the setting")
    @CsvSource(delimiter = '|', value = {
            "voucher.table-name | '' | voucher.table-name",
            "voucher.queue-url | '' | voucher.queue-url",
            "voucher.opens-at | '' | voucher.opens-at",
            "voucher.opens-at | 2027-01-15T00:00:00 | voucher.opens-at",
            "voucher.sign-in-issuer | '' | voucher.sign-in-issuer",
            "voucher.identity-issuer | '' | voucher.identity-issuer",
            "voucher.identity-issuer | https://signin.example.com | must differ",
            "voucher.local-pepper | '' | pepper",
            "voucher.local-pepper | not base64! | base64",
            "voucher.local-pepper | AAAA | at least 32 bytes",
            "voucher.claim-resubmit-after | 0s | claim-resubmit-after"})
    void failsAtInit(String property, String value, String message) {
        Map<String, Object> properties = LookupHandlers.properties();
        properties.put(property, value);

        assertThatThrownBy(() -> new LookupHandler(ApplicationContext.builder().environments("test")
                .deduceEnvironment(false).properties(properties)))
                .satisfies(e -> assertThat(messages(e)).anySatisfy(m -> assertThat(m).contains(message)));
    }

    @Test
    @DisplayName("defaults: 50,000 KRW and a 15-minute resubmit window; the region as configured")
    void defaults() {
        try (ApplicationContext context = LookupHandlers.fakePortsContext().start()) {
            LookupSettings settings = context.getBean(LookupSettings.class);

            assertThat(settings.voucherValue()).isEqualTo(Money.krw(50_000));
            assertThat(settings.claimResubmitAfter()).isEqualTo(Duration.ofMinutes(15));
            AwsClientSettings aws = context.getBean(AwsClientSettings.class);
            assertThat(aws.region().id()).isEqualTo("ap-northeast-2");
            assertThat(aws.endpointOverride()).isNull();
            assertThat(settings.toString()).doesNotContain(LookupHandlers.PEPPER_BASE64).contains("<redacted>");
        }
    }

    @Test
    @DisplayName("the amount and the resubmit window follow configuration")
    void configuredValues() {
        Map<String, Object> properties = LookupHandlers.properties();
        properties.put("voucher.amount", "30000");
        properties.put("voucher.claim-resubmit-after", "5m");
        try (ApplicationContext context = ApplicationContext.builder().environments("test", LookupHandlers.FAKE_PORTS, LookupHandler.ENVIRONMENT)
                .deduceEnvironment(false).properties(properties).start()) {
            LookupSettings settings = context.getBean(LookupSettings.class);

            assertThat(settings.voucherValue()).isEqualTo(Money.krw(30_000));
            assertThat(settings.claimResubmitAfter()).isEqualTo(Duration.ofMinutes(5));
        }
    }

    @Test
    @DisplayName("application-lookup.properties maps exactly the function's environment variables of template.yaml")
    void applicationPropertiesMapTheEnvironment() throws Exception {
        Properties voucher = new Properties();
        try (InputStream in = LookupConfigurationTest.class.getResourceAsStream("/application-lookup.properties")) {
            voucher.load(in);
        }
        assertThat(voucher.getProperty("voucher.table-name")).isEqualTo("${TABLE_NAME:}");
        assertThat(voucher.getProperty("voucher.queue-url")).isEqualTo("${QUEUE_URL:}");
        assertThat(voucher.getProperty("voucher.opens-at")).isEqualTo("${OPENS_AT:}");
        assertThat(voucher.getProperty("voucher.amount")).isEqualTo("${VOUCHER_AMOUNT:50000}");
        assertThat(voucher.getProperty("voucher.pepper-parameter")).isEqualTo("${PEPPER_PARAMETER:}");
        assertThat(voucher.getProperty("voucher.sign-in-issuer")).isEqualTo("${SIGN_IN_ISSUER:}");
        assertThat(voucher.getProperty("voucher.identity-issuer")).isEqualTo("${IDENTITY_ISSUER:}");
        assertThat(voucher.getProperty("voucher.aws.region")).startsWith("${AWS_REGION:");
        assertThat(voucher.containsKey("voucher.local-pepper")).as("a pepper never ships in configuration").isFalse();
    }

    /** The messages along the cause chain: Micronaut wraps the factory's exception in its own. */
    private static List<String> messages(Throwable e) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = e; cause != null && messages.size() < 20; cause = cause.getCause()) {
            messages.add(String.valueOf(cause.getMessage()));
        }
        return messages;
    }
}

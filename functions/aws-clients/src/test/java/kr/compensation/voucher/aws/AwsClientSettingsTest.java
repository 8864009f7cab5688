package kr.compensation.voucher.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsServiceClientConfiguration;

/** What a client built from each kind of settings is configured with; needs nothing running. */
class AwsClientSettingsTest {

    private static final URI EMULATOR = URI.create("http://127.0.0.1:4566");

    @Test
    @DisplayName("a client for an emulator: its endpoint, the region, the dummy key and an emulator's timeouts")
    void forEmulator() {
        try (SqsClient sqs = AwsClientSettings.forEmulator(Region.AP_NORTHEAST_2, EMULATOR)
                .configure(SqsClient.builder()).build()) {
            SqsServiceClientConfiguration configuration = sqs.serviceClientConfiguration();

            assertThat(configuration.endpointOverride()).contains(EMULATOR);
            assertThat(configuration.region()).isEqualTo(Region.AP_NORTHEAST_2);
            AwsCredentials key = (AwsCredentials) configuration.credentialsProvider().resolveIdentity().join();
            assertThat(key.accessKeyId()).isEqualTo(AwsClientSettings.EMULATOR_ACCESS_KEY);
            assertThat(key.secretAccessKey()).isEqualTo(AwsClientSettings.EMULATOR_SECRET_KEY);
            ClientOverrideConfiguration override = configuration.overrideConfiguration();
            assertThat(override.apiCallAttemptTimeout()).contains(Duration.ofMinutes(5));
            assertThat(override.apiCallTimeout()).contains(Duration.ofMinutes(15));
            assertThat(override.retryStrategy()).hasValueSatisfying(s -> assertThat(s.maxAttempts()).isGreaterThan(1));
        }
    }

    @Test
    @DisplayName("a function in Lambda: the execution role's credentials (container first, then environment), "
            + "no endpoint override, Lambda-sized timeouts")
    void forFunctionInLambda() {
        AwsClientSettings settings = AwsClientSettings.forFunction("ap-northeast-2", null, List.of());

        assertThat(settings.credentials()).isNotInstanceOf(StaticCredentialsProvider.class);
        assertThat(settings.credentials().toString()).contains("ContainerCredentialsProvider",
                "EnvironmentVariableCredentialsProvider");
        assertThat(settings.credentials().toString().indexOf("ContainerCredentialsProvider"))
                .isLessThan(settings.credentials().toString().indexOf("EnvironmentVariableCredentialsProvider"));
        assertThat(settings.endpointOverride()).isNull();
        assertThat(settings.attemptTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.callTimeout()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    @DisplayName("a function in an in-process test (endpoint override): the emulator's dummy key, never a real one")
    void forFunctionAgainstAnEmulator() {
        AwsClientSettings settings = AwsClientSettings.forFunction("ap-northeast-2", EMULATOR, List.of());

        AwsCredentials key = (AwsCredentials) settings.credentials().resolveIdentity().join();
        assertThat(key.accessKeyId()).isEqualTo(AwsClientSettings.EMULATOR_ACCESS_KEY);
        assertThat(settings.endpointOverride()).isEqualTo(EMULATOR);
    }

    @Test
    @DisplayName("without retries the client makes one attempt; interceptors reach the client")
    void withoutRetriesAndInterceptors() {
        ExecutionInterceptor interceptor = new ExecutionInterceptor() {
        };
        try (SqsClient sqs = AwsClientSettings.forEmulator(Region.AP_NORTHEAST_2, EMULATOR).withoutRetries()
                .withInterceptors(List.of(interceptor)).configure(SqsClient.builder()).build()) {
            ClientOverrideConfiguration override = sqs.serviceClientConfiguration().overrideConfiguration();

            assertThat(override.retryStrategy()).hasValueSatisfying(s -> assertThat(s.maxAttempts()).isEqualTo(1));
            assertThat(override.executionInterceptors()).contains(interceptor);
        }
    }
}

package kr.compensation.voucher.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * How every SDK client of the project is built, the functions', the ops tool's and the local harness's alike
 * ({@link #configure}): explicit region and credentials provider (no slow default-chain probing at cold start), the
 * url-connection HTTP client, per-attempt and per-call timeouts, an endpoint override only for emulators, and
 * interceptors for tests that count or break requests.
 *
 * @param endpointOverride null in AWS
 * @param attemptTimeout   one HTTP attempt; the SDK retries transient failures within {@code callTimeout}
 * @param retries          false only where a repeated request could do harm (see the ops tool's loader)
 */
public record AwsClientSettings(Region region, AwsCredentialsProvider credentials, URI endpointOverride,
                                Duration attemptTimeout, Duration callTimeout,
                                List<ExecutionInterceptor> interceptors, boolean retries) {

    /** The key an emulator is sent; emulators take any, and it is never valid in AWS. */
    public static final String EMULATOR_ACCESS_KEY = "test";
    public static final String EMULATOR_SECRET_KEY = "test";

    public AwsClientSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        Objects.requireNonNull(callTimeout, "callTimeout");
        interceptors = List.copyOf(interceptors);
    }

    /**
     * Inside Lambda: the region comes from the environment Lambda sets, and the execution role's short-lived
     * credentials from the container endpoint (SnapStart) or the environment ({@link LambdaCredentials}); there is
     * no long-lived key anywhere.
     */
    public static AwsClientSettings forLambda(String region, URI endpointOverride) {
        return new AwsClientSettings(Region.of(region), LambdaCredentials.provider(),
                endpointOverride, Duration.ofSeconds(2), Duration.ofSeconds(6), List.of(), true);
    }

    /**
     * The settings a function runs with: in Lambda, and in the local Lambda runtime (which points the SDK at the
     * emulator through {@code AWS_ENDPOINT_URL}, not through this override), the execution role's credentials as
     * Lambda hands them over; with an explicit endpoint override (in-process tests only) there is no role, so the
     * emulator's dummy credentials, and a developer's real profile is never picked up or sent anywhere.
     *
     * @param interceptors none in production; tests add some to count or break requests
     */
    public static AwsClientSettings forFunction(String region, URI endpointOverride,
                                                List<ExecutionInterceptor> interceptors) {
        AwsClientSettings settings = forLambda(region, endpointOverride).withInterceptors(interceptors);
        return endpointOverride == null ? settings : settings.withCredentials(emulatorCredentials());
    }

    /**
     * An emulator on this machine (the local harness, the local tools, the ops tool pointed at one): its dummy
     * credentials, and timeouts for an emulator rather than for AWS. DynamoDB answers a scan page in well under a
     * second; moto walks its whole table for every page (about nine seconds at 60,000 items) and serves one request
     * at a time, so a local table of realistic size needs far longer timeouts.
     */
    public static AwsClientSettings forEmulator(Region region, URI endpoint) {
        return new AwsClientSettings(region, emulatorCredentials(), Objects.requireNonNull(endpoint, "endpoint"),
                Duration.ofMinutes(5), Duration.ofMinutes(15), List.of(), true);
    }

    /** The dummy credentials every emulator is sent ({@link #EMULATOR_ACCESS_KEY}). */
    public static AwsCredentialsProvider emulatorCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(EMULATOR_ACCESS_KEY, EMULATOR_SECRET_KEY));
    }

    public AwsClientSettings withInterceptors(List<ExecutionInterceptor> more) {
        return new AwsClientSettings(region, credentials, endpointOverride, attemptTimeout, callTimeout, more, retries);
    }

    public AwsClientSettings withCredentials(AwsCredentialsProvider provider) {
        return new AwsClientSettings(region, provider, endpointOverride, attemptTimeout, callTimeout, interceptors,
                retries);
    }

    public AwsClientSettings withTimeouts(Duration attempt, Duration call) {
        return new AwsClientSettings(region, credentials, endpointOverride, attempt, call, interceptors, retries);
    }

    /** For a request the SDK must not repeat when it did not learn the outcome. */
    public AwsClientSettings withoutRetries() {
        return new AwsClientSettings(region, credentials, endpointOverride, attemptTimeout, callTimeout, interceptors,
                false);
    }

    /** Applies these settings to a client builder of any service; the caller builds, keeps and closes the client. */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(attemptTimeout)
                .apiCallTimeout(callTimeout)
                .executionInterceptors(interceptors);
        if (!retries) {
            override.retryStrategy(AwsRetryStrategy.doNotRetry());
        }
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(override.build());
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder;
    }
}

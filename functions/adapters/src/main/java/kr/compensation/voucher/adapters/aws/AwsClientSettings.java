package kr.compensation.voucher.adapters.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/**
 * How SDK clients are built: explicit region and credentials provider (no slow default-chain probing at cold start),
 * an endpoint override only for emulators, and interceptors for tests that count or break requests.
 *
 * @param endpointOverride null in AWS
 * @param attemptTimeout   one HTTP attempt; the SDK retries transient failures within {@code callTimeout}
 */
public record AwsClientSettings(Region region, AwsCredentialsProvider credentials, URI endpointOverride,
                                Duration attemptTimeout, Duration callTimeout,
                                List<ExecutionInterceptor> interceptors) {

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
                endpointOverride, Duration.ofSeconds(2), Duration.ofSeconds(6), List.of());
    }

    /**
     * The settings a function runs with: in Lambda, and in the local Lambda runtime (which points the SDK at the
     * emulator through {@code AWS_ENDPOINT_URL}, not through this override), the execution role's credentials as
     * Lambda hands them over; with an explicit endpoint override (in-process tests only) there is no role, so fixed
     * dummy credentials, and a developer's real profile is never picked up or sent anywhere.
     *
     * @param interceptors none in production; tests add some to count or break requests
     */
    public static AwsClientSettings forFunction(String region, URI endpointOverride,
                                                List<ExecutionInterceptor> interceptors) {
        AwsClientSettings settings = forLambda(region, endpointOverride).withInterceptors(interceptors);
        return endpointOverride == null ? settings
                : settings.withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    }

    public AwsClientSettings withInterceptors(List<ExecutionInterceptor> more) {
        return new AwsClientSettings(region, credentials, endpointOverride, attemptTimeout, callTimeout, more);
    }

    public AwsClientSettings withCredentials(AwsCredentialsProvider provider) {
        return new AwsClientSettings(region, provider, endpointOverride, attemptTimeout, callTimeout, interceptors);
    }
}

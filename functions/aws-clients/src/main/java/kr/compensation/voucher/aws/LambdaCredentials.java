package kr.compensation.voucher.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

/**
 * The execution role's credentials, in the two ways Lambda hands them to a Java function.
 *
 * <ul>
 *   <li>With SnapStart on (the template's setting), the Java runtime sets no access-key variables at all; it sets
 *       {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}, and the SDK fetches
 *       short-lived credentials from that endpoint, also after a restore (AWS Lambda Developer Guide, "Activating
 *       and managing Lambda SnapStart", section "Credentials":
 *       https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials).</li>
 *   <li>Without SnapStart, the runtime sets {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and
 *       {@code AWS_SESSION_TOKEN} (AWS Lambda Developer Guide, "Defined runtime environment variables":
 *       https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).</li>
 * </ul>
 *
 * Container credentials come first: where SnapStart is on they are the only ones. Nothing else is probed (no
 * profile files, no instance metadata), so a cold start never waits on a lookup that cannot succeed in Lambda. The
 * chain remembers the provider that worked, and the container provider refreshes its credentials before they
 * expire (SDK for Java 2.x developer guide, "Default credentials provider chain":
 * https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/credentials-chain.html).
 */
public final class LambdaCredentials {

    private LambdaCredentials() {
    }

    public static AwsCredentialsProvider provider() {
        return AwsCredentialsProviderChain.builder()
                .reuseLastProviderEnabled(true)
                .credentialsProviders(ContainerCredentialsProvider.builder().build(),
                        EnvironmentVariableCredentialsProvider.create())
                .build();
    }
}

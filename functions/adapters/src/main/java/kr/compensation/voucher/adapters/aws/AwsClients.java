package kr.compensation.voucher.adapters.aws;

import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Builds the SDK clients once per process from {@link AwsClientSettings}; callers keep and reuse them. */
public final class AwsClients {

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb(AwsClientSettings settings) {
        return configure(DynamoDbClient.builder(), settings).build();
    }

    public static SqsClient sqs(AwsClientSettings settings) {
        return configure(SqsClient.builder(), settings).build();
    }

    public static SsmClient ssm(AwsClientSettings settings) {
        return configure(SsmClient.builder(), settings).build();
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder,
                                                                                              AwsClientSettings settings) {
        builder.region(settings.region())
                .credentialsProvider(settings.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(settings.attemptTimeout())
                        .apiCallTimeout(settings.callTimeout())
                        .executionInterceptors(settings.interceptors())
                        .build());
        if (settings.endpointOverride() != null) {
            builder.endpointOverride(settings.endpointOverride());
        }
        return builder;
    }
}

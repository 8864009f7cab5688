package kr.compensation.voucher.shell;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import kr.compensation.voucher.adapters.aws.AwsClients;
import kr.compensation.voucher.aws.AwsClientSettings;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The beans both functions make the same way, once per environment at init (before a SnapStart snapshot): the clock,
 * how SDK clients are built, and the DynamoDB client. Each function's own factory wires the rest.
 */
@Factory
public class FunctionClients {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * @param region           AWS_REGION in Lambda (application-ENVIRONMENT.properties maps it)
     * @param endpointOverride an emulator's endpoint for in-process tests; blank in AWS and in the local runtime
     * @param interceptors     none in production; tests add some to count or break requests
     */
    @Singleton
    AwsClientSettings awsClientSettings(@Value("${voucher.aws.region:ap-northeast-2}") String region,
                                        @Value("${voucher.aws.endpoint-override:}") String endpointOverride,
                                        List<ExecutionInterceptor> interceptors) {
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("voucher.aws.region (AWS_REGION) is not configured");
        }
        URI endpoint = endpointOverride == null || endpointOverride.isBlank() ? null
                : URI.create(endpointOverride.trim());
        return AwsClientSettings.forFunction(region.trim(), endpoint, interceptors);
    }

    @Singleton
    @Bean(preDestroy = "close")
    DynamoDbClient dynamoDb(AwsClientSettings aws) {
        return AwsClients.dynamoDb(aws);
    }
}

package kr.compensation.voucher.issuer;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import kr.compensation.voucher.adapters.aws.AwsClientSettings;
import kr.compensation.voucher.adapters.aws.AwsClients;
import kr.compensation.voucher.adapters.dynamodb.DynamoDbEligibilityRepository;
import kr.compensation.voucher.adapters.sqs.IssueRequestCodec;
import kr.compensation.voucher.domain.EligibilityRepository;
import kr.compensation.voucher.domain.IssuanceService;
import kr.compensation.voucher.domain.VoucherCodeGenerator;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Wires the issuer once per environment (at init, before a SnapStart snapshot): configuration, the DynamoDB client,
 * the repository, the issuance service and the batch processor. Nothing here runs per message, and nothing made here
 * is unique per environment: voucher codes come from fresh randomness at each grant.
 */
@Factory
@Requires(env = IssuerHandler.ENVIRONMENT)
public class IssuerFactory {

    /** Each property maps one environment variable of IssuerFunction in application-issuer.properties. */
    @Singleton
    IssuerSettings settings(@Value("${voucher.table-name:}") String tableName,
                            @Value("${voucher.amount:50000}") long amount,
                            @Value("${voucher.validity-days:0}") int validityDays,
                            @Value("${voucher.aws.region:ap-northeast-2}") String region,
                            @Value("${voucher.aws.endpoint-override:}") String endpointOverride) {
        return IssuerSettings.of(tableName, amount, validityDays, region, endpointOverride);
    }

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** @param interceptors none in production; tests add some to count or break requests */
    @Singleton
    AwsClientSettings awsClientSettings(IssuerSettings settings, List<ExecutionInterceptor> interceptors) {
        return AwsClientSettings.forFunction(settings.region(), settings.endpointOverride(), interceptors);
    }

    @Singleton
    @Bean(preDestroy = "close")
    DynamoDbClient dynamoDb(AwsClientSettings aws) {
        return AwsClients.dynamoDb(aws);
    }

    @Singleton
    EligibilityRepository eligibilityRepository(DynamoDbClient dynamoDb, IssuerSettings settings) {
        return new DynamoDbEligibilityRepository(dynamoDb, settings.tableName());
    }

    /** Holds no randomness itself: each code is drawn from a new SecureRandom when a message is processed. */
    @Singleton
    VoucherCodeGenerator voucherCodeGenerator() {
        return new VoucherCodeGenerator();
    }

    @Singleton
    IssuanceService issuanceService(EligibilityRepository repository, VoucherCodeGenerator codes,
                                    IssuerSettings settings, Clock clock) {
        return new IssuanceService(repository, codes, settings.terms(), clock);
    }

    @Singleton
    IssuanceMetrics issuanceMetrics(Clock clock) {
        return IssuanceMetrics.writingTo(System.out, clock);
    }

    @Singleton
    IssueBatchProcessor issueBatchProcessor(IssuanceService issuance, IssuanceMetrics metrics) {
        return new IssueBatchProcessor(issuance, new IssueRequestCodec(), metrics);
    }
}

package kr.compensation.voucher.lookup;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import kr.compensation.voucher.adapters.aws.AwsClients;
import kr.compensation.voucher.adapters.aws.SsmPepper;
import kr.compensation.voucher.adapters.dynamodb.DynamoDbEligibilityRepository;
import kr.compensation.voucher.adapters.sqs.IssueRequestCodec;
import kr.compensation.voucher.adapters.sqs.SqsIssueRequestQueue;
import kr.compensation.voucher.aws.AwsClientSettings;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.EligibilityRepository;
import kr.compensation.voucher.domain.EligibilityService;
import kr.compensation.voucher.domain.IssueRequestQueue;
import kr.compensation.voucher.lookup.api.Callers;
import kr.compensation.voucher.lookup.api.LookupApi;
import kr.compensation.voucher.lookup.api.Responses;
import kr.compensation.voucher.lookup.api.Routes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Wires the lookup function once per environment (at init, before a SnapStart snapshot): configuration, the SQS
 * client, adapters (over the clients of {@link kr.compensation.voucher.shell.FunctionClients}), the domain service
 * and the API. Nothing here runs per request.
 */
@Factory
@Requires(env = LookupHandler.ENVIRONMENT)
public class LookupFactory {

    /**
     * The validated configuration. Each property maps one environment variable of the function in
     * application-lookup.properties;
     * the defaults here are those that hold outside AWS too.
     */
    @Singleton
    LookupSettings settings(@Value("${voucher.table-name:}") String tableName,
                            @Value("${voucher.queue-url:}") String queueUrl,
                            @Value("${voucher.opens-at:}") String opensAt,
                            @Value("${voucher.amount:50000}") long amount,
                            @Value("${voucher.pepper-parameter:}") String pepperParameter,
                            @Value("${voucher.local-pepper:}") String localPepper,
                            @Value("${voucher.sign-in-issuer:}") String signInIssuer,
                            @Value("${voucher.identity-issuer:}") String identityIssuer,
                            @Value("${voucher.claim-resubmit-after:15m}") Duration claimResubmitAfter) {
        return LookupSettings.of(tableName, queueUrl, opensAt, amount, pepperParameter, localPepper, signInIssuer,
                identityIssuer, claimResubmitAfter);
    }

    @Singleton
    @Bean(preDestroy = "close")
    SqsClient sqs(AwsClientSettings aws) {
        return AwsClients.sqs(aws);
    }

    /** The pepper is read once, here, at init; see {@link SsmPepper#hasher}. */
    @Singleton
    CustomerKeyHasher customerKeyHasher(LookupSettings settings, AwsClientSettings aws) {
        return SsmPepper.hasher(aws, settings.pepperParameter(), settings.localPepper());
    }

    @Singleton
    EligibilityRepository eligibilityRepository(DynamoDbClient dynamoDb, LookupSettings settings) {
        return new DynamoDbEligibilityRepository(dynamoDb, settings.tableName());
    }

    @Singleton
    IssueRequestQueue issueRequestQueue(SqsClient sqs, LookupSettings settings) {
        return new SqsIssueRequestQueue(sqs, settings.queueUrl(), new IssueRequestCodec());
    }

    @Singleton
    EligibilityService eligibilityService(EligibilityRepository repository, IssueRequestQueue queue,
                                          CustomerKeyHasher hasher, LookupSettings settings, Clock clock) {
        return new EligibilityService(repository, queue, hasher, settings.voucherValue(), settings.claimResubmitAfter(),
                clock);
    }

    @Singleton
    LookupApi lookupApi(LookupSettings settings, EligibilityService eligibility, Clock clock) {
        Routes routes = new Routes();
        return new LookupApi(routes, new Callers(settings.signInIssuer(), settings.identityIssuer()),
                settings.opening(), clock, eligibility, new Responses(settings.opening(), routes.allowByPath().values()));
    }
}

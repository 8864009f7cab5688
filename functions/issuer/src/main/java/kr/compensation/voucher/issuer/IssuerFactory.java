package kr.compensation.voucher.issuer;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import kr.compensation.voucher.adapters.dynamodb.DynamoDbEligibilityRepository;
import kr.compensation.voucher.adapters.sqs.IssueRequestCodec;
import kr.compensation.voucher.domain.EligibilityRepository;
import kr.compensation.voucher.domain.IssuanceService;
import kr.compensation.voucher.domain.VoucherCodeGenerator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Wires the issuer once per environment (at init, before a SnapStart snapshot): configuration, the repository (over
 * the DynamoDB client of {@link kr.compensation.voucher.shell.FunctionClients}), the issuance service and the batch processor. Nothing here runs per message, and nothing made here
 * is unique per environment: voucher codes come from fresh randomness at each grant.
 */
@Factory
@Requires(env = IssuerHandler.ENVIRONMENT)
public class IssuerFactory {

    /** Each property maps one environment variable of IssuerFunction in application-issuer.properties. */
    @Singleton
    IssuerSettings settings(@Value("${voucher.table-name:}") String tableName,
                            @Value("${voucher.amount:50000}") long amount,
                            @Value("${voucher.validity-days:0}") int validityDays) {
        return IssuerSettings.of(tableName, amount, validityDays);
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

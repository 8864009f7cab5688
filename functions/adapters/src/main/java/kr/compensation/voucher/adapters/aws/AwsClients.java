package kr.compensation.voucher.adapters.aws;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import kr.compensation.voucher.aws.AwsClientSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Builds the functions' SDK clients once per process from {@link AwsClientSettings}; callers keep and reuse them. */
public final class AwsClients {

    private static final Logger LOG = LoggerFactory.getLogger(AwsClients.class);
    /** Any region will do for loading classes; the functions' own. */
    private static final String WARM_UP_REGION = "ap-northeast-2";

    private AwsClients() {
    }

    /**
     * Loads and initialises the SDK's classes on a daemon thread while the caller does other start-up work, typically
     * the Micronaut context: a few hundred milliseconds of class loading each, which do not depend on each other.
     * Lambda's init phase is widely reported to get two vCPUs whatever the memory size, so on a cold start the two
     * overlap instead of adding up (bench/RESULTS.md; not a documented guarantee: with one vCPU they share it). The thread builds a DynamoDB, an SQS and an SSM client with dummy credentials and walks
     * one request of each kind the functions send through marshalling, endpoint resolution and signing, then stops
     * it before transmission: nothing leaves the process and no real credentials are read. The clients the function
     * uses are still built by whoever needs them; if this thread is slower or fails, they load the classes themselves.
     */
    public static Thread warmUpInBackground() {
        return Thread.ofPlatform().name("aws-sdk-warm-up").daemon()
                .start(() -> warmUp(AwsClientSettings.forLambda(WARM_UP_REGION, null)));
    }

    /**
     * @return how many of its three requests ended in {@link StopBeforeTransmission} and nowhere else (each exactly
     *         once: an attempt the SDK retried would count twice)
     */
    static int warmUp(AwsClientSettings functionSettings) {
        StopBeforeTransmission stop = new StopBeforeTransmission();
        AwsClientSettings settings = functionSettings
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("warm-up", "warm-up")))
                .withInterceptors(List.of(stop));
        int stoppedCalls = 0;
        try (DynamoDbClient dynamoDb = dynamoDb(settings); SqsClient sqs = sqs(settings); SsmClient ssm = ssm(settings)) {
            stoppedCalls += stopped(() -> dynamoDb.getItem(request -> request.tableName("warm-up").consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("warm-up")))));
            stoppedCalls += stopped(() -> ssm.getParameter(request -> request.name("warm-up").withDecryption(true)));
            stoppedCalls += stopped(() -> sqs.sendMessage(request -> request.queueUrl(
                    "https://sqs." + WARM_UP_REGION + ".amazonaws.com/000000000000/warm-up").messageBody("{}")));
        } catch (RuntimeException e) {
            // Only a head start: the clients the function uses are built on their own and report their own failures.
            LOG.debug("SDK warm-up failed", e);
        }
        return stoppedCalls == stop.attempts.get() ? stoppedCalls : -stop.attempts.get();
    }

    private static int stopped(Runnable call) {
        try {
            call.run();
        } catch (SdkException e) {
            // The SDK may add to the message (e.g. how many attempts it made), never take from it.
            if (e.getMessage() != null && e.getMessage().contains(StopBeforeTransmission.MESSAGE)) {
                return 1;
            }
            LOG.debug("SDK warm-up request failed otherwise", e);
        }
        return 0;
    }

    /** Ends every request of the warm-up clients just before the SDK would send it. */
    private static final class StopBeforeTransmission implements ExecutionInterceptor {
        static final String MESSAGE = "warm-up: stopped before transmission";
        private final AtomicInteger attempts = new AtomicInteger();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            attempts.incrementAndGet();
            throw SdkClientException.create(MESSAGE);
        }
    }

    public static DynamoDbClient dynamoDb(AwsClientSettings settings) {
        return settings.configure(DynamoDbClient.builder()).build();
    }

    public static SqsClient sqs(AwsClientSettings settings) {
        return settings.configure(SqsClient.builder()).build();
    }

    public static SsmClient ssm(AwsClientSettings settings) {
        return settings.configure(SsmClient.builder()).build();
    }
}

package kr.compensation.voucher.ops;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kr.compensation.voucher.adapters.aws.AwsClientSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The SDK clients of one command run, built lazily from {@link AwsOptions} and closed at the end. Same rules as the
 * functions' {@code AwsClients} (explicit region, url-connection HTTP client, endpoint override only for emulators),
 * with ops-sized timeouts and the default credentials chain, since a person runs this with SSO credentials.
 */
final class OpsAws implements AutoCloseable {

    static final String TABLE_OUTPUT = "EligibilityTableName";
    static final String QUEUE_OUTPUT = "IssueRequestQueueUrl";

    private final AwsClientSettings settings;
    private final String stack;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Stack stackDescription;

    OpsAws(AwsOptions options, OpsEnvironment environment) {
        URI endpoint = endpoint(options, environment);
        AwsCredentialsProvider credentials = credentials(endpoint, options, environment);
        boolean emulator = endpoint != null && isLoopback(endpoint.getHost());
        // DynamoDB answers a scan page in well under a second; moto walks its whole table for every page (about
        // nine seconds at 60,000 items) and serves one request at a time, so a local table of realistic size
        // needs far longer timeouts.
        this.settings = new AwsClientSettings(Region.of(options.region), credentials, endpoint,
                emulator ? Duration.ofMinutes(5) : Duration.ofSeconds(10),
                emulator ? Duration.ofMinutes(15) : Duration.ofSeconds(60), environment.interceptors());
        this.stack = options.stack;
    }

    /** Whether these options send every request to an emulator on this machine (a literal loopback endpoint). */
    static boolean isEmulator(AwsOptions options, OpsEnvironment environment) {
        URI endpoint = endpoint(options, environment);
        return endpoint != null && isLoopback(endpoint.getHost());
    }

    private static URI endpoint(AwsOptions options, OpsEnvironment environment) {
        String value = options.endpointUrl != null ? options.endpointUrl : environment.variable("AWS_ENDPOINT_URL");
        if (value == null) {
            return null;
        }
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("the endpoint URL is not a URL: " + value);
        }
    }

    /**
     * An emulator on this machine takes any key, so none is needed there; everywhere else the default chain finds
     * the operator's short-lived credentials (SSO, role, environment). The chain is never consulted for a loopback
     * endpoint, so a local run cannot reach for the instance metadata service or a real profile.
     */
    private static AwsCredentialsProvider credentials(URI endpoint, AwsOptions options, OpsEnvironment environment) {
        if (endpoint != null && isLoopback(endpoint.getHost())) {
            String key = environment.variable("AWS_ACCESS_KEY_ID");
            String secret = environment.variable("AWS_SECRET_ACCESS_KEY");
            return StaticCredentialsProvider.create(key != null && secret != null
                    ? AwsBasicCredentials.create(key, secret)
                    : AwsBasicCredentials.create("test", "test"));
        }
        DefaultCredentialsProvider.Builder chain = DefaultCredentialsProvider.builder();
        if (options.profile != null) {
            chain.profileName(options.profile);
        }
        return chain.build();
    }

    static boolean isLoopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        try {
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            // Only literal addresses are judged: a name is not resolved just to decide on credentials.
            if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                return false;
            }
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    synchronized DynamoDbClient dynamoDb() {
        return open(configure(DynamoDbClient.builder(), true).build());
    }

    /**
     * For BatchWriteItem puts: the SDK must not repeat a put whose outcome it did not learn (the loader checks the
     * table first, see Loader).
     */
    synchronized DynamoDbClient dynamoDbWithoutRetries() {
        return open(configure(DynamoDbClient.builder(), false).build());
    }

    synchronized SqsClient sqs() {
        return open(configure(SqsClient.builder(), true).build());
    }

    synchronized SsmClient ssm() {
        return open(configure(SsmClient.builder(), true).build());
    }

    synchronized CloudFormationClient cloudFormation() {
        return open(configure(CloudFormationClient.builder(), true).build());
    }

    /** The table named by --table, else by the stack's output. */
    String tableName(String explicit) {
        return resolve(explicit, TABLE_OUTPUT, "--table");
    }

    String queueUrl(String explicit) {
        return resolve(explicit, QUEUE_OUTPUT, "--queue-url");
    }

    private String resolve(String explicit, String outputKey, String option) {
        if (explicit != null) {
            return explicit;
        }
        if (stack == null) {
            throw new ConfigurationException("give " + option + " or --stack");
        }
        return outputs().stream().filter(o -> outputKey.equals(o.outputKey())).map(Output::outputValue).findFirst()
                .orElseThrow(() -> new ConfigurationException("stack " + stack + " has no output " + outputKey));
    }

    private synchronized List<Output> outputs() {
        if (stackDescription == null) {
            Optional<Stack> found = cloudFormation().describeStacks(r -> r.stackName(stack)).stacks().stream()
                    .findFirst();
            stackDescription = found.orElseThrow(() -> new ConfigurationException("no stack named " + stack));
        }
        return stackDescription.outputs();
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, boolean retries) {
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(settings.attemptTimeout())
                .apiCallTimeout(settings.callTimeout())
                .executionInterceptors(settings.interceptors());
        if (!retries) {
            override.retryStrategy(AwsRetryStrategy.doNotRetry());
        }
        builder.region(settings.region())
                .credentialsProvider(settings.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(override.build());
        if (settings.endpointOverride() != null) {
            builder.endpointOverride(settings.endpointOverride());
        }
        return builder;
    }

    private <C extends AutoCloseable> C open(C client) {
        opened.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable client : opened) {
            try {
                client.close();
            } catch (Exception e) {
                // Closing only releases connections; nothing to report.
            }
        }
        opened.clear();
    }

    /** Options or environment do not make a usable configuration; reported as a usage error. */
    static final class ConfigurationException extends RuntimeException {
        ConfigurationException(String message) {
            super(message);
        }
    }
}

package kr.compensation.voucher.ops;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kr.compensation.voucher.aws.AwsClientSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The SDK clients of one command run, built lazily from {@link AwsOptions} and closed at the end, the way every client
 * of the project is built ({@link AwsClientSettings#configure}), with ops-sized timeouts and the default credentials
 * chain, since a person runs this with SSO credentials.
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
        Region region = Region.of(options.region);
        AwsClientSettings base = endpoint != null && isLoopback(endpoint.getHost())
                ? emulator(region, endpoint, environment)
                : new AwsClientSettings(region, operatorCredentials(options), endpoint, Duration.ofSeconds(10),
                        Duration.ofSeconds(60), List.of(), true);
        this.settings = base.withInterceptors(environment.interceptors());
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
     * An emulator on this machine takes any key: the emulator's dummy one, or the key in the environment when one is
     * set (a LocalStack account chosen by its key). The default chain is never consulted for a loopback endpoint, so
     * a local run cannot reach for the instance metadata service or a real profile.
     */
    private static AwsClientSettings emulator(Region region, URI endpoint, OpsEnvironment environment) {
        AwsClientSettings settings = AwsClientSettings.forEmulator(region, endpoint);
        String key = environment.variable("AWS_ACCESS_KEY_ID");
        String secret = environment.variable("AWS_SECRET_ACCESS_KEY");
        return key != null && secret != null
                ? settings.withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                : settings;
    }

    /** Elsewhere the default chain finds the operator's short-lived credentials (SSO, role, environment). */
    private static AwsCredentialsProvider operatorCredentials(AwsOptions options) {
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
        return open(settings.configure(DynamoDbClient.builder()).build());
    }

    /**
     * For BatchWriteItem puts: the SDK must not repeat a put whose outcome it did not learn (the loader checks the
     * table first, see Loader).
     */
    synchronized DynamoDbClient dynamoDbWithoutRetries() {
        return open(settings.withoutRetries().configure(DynamoDbClient.builder()).build());
    }

    synchronized SqsClient sqs() {
        return open(settings.configure(SqsClient.builder()).build());
    }

    synchronized SsmClient ssm() {
        return open(settings.configure(SsmClient.builder()).build());
    }

    synchronized CloudFormationClient cloudFormation() {
        return open(settings.configure(CloudFormationClient.builder()).build());
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

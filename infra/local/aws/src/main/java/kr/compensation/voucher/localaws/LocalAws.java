package kr.compensation.voucher.localaws;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import kr.compensation.voucher.aws.AwsClientSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * An AWS emulator holding the tables and queues of template.yaml, for tests and the local run.
 *
 * <p>The emulator is picked once, in this order: the one named by {@code AWS_ENDPOINT_URL} (or
 * {@code -Daws.endpointUrl}); LocalStack through Testcontainers when a Docker engine answers; otherwise
 * a moto server started from the repository's {@code .venv/emulator}. The data resources are then
 * created from the template itself as a CloudFormation stack inside the emulator.
 *
 * <p>Tests use {@link #shared()} (or {@link WithLocalAws}); the local run builds its own with
 * {@link #builder()}. Nothing here ever talks to real AWS: credentials are dummies for emulators.
 */
public final class LocalAws implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalAws.class);

    public static final Region DEFAULT_REGION = Region.AP_NORTHEAST_2;
    public static final String DEFAULT_STACK_NAME = "voucher-local";
    /** Stack of {@link #shared()}: apart from the local run's, should both use one external emulator. */
    public static final String SHARED_STACK_NAME = "voucher-test";

    private static final Object SHARED_LOCK = new Object();
    private static LocalAws sharedInstance;
    private static RuntimeException sharedFailure;

    private final EmulatorKind kind;
    private final URI endpoint;
    private final Region region;
    private final MotoServer moto;
    private final AutoCloseable emulator;
    private final AwsClientSettings clientSettings;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final SsmClient ssm;
    private final CloudFormationClient cloudFormation;
    private final DataStack dataStack;
    private final boolean shared;
    private volatile StackResources resources;
    private boolean closed;

    private LocalAws(EmulatorKind kind, URI endpoint, Region region, MotoServer moto, AutoCloseable emulator,
            String stackName, String templateBody, boolean shared) {
        this.kind = kind;
        this.endpoint = endpoint;
        this.region = region;
        this.moto = moto;
        this.emulator = emulator;
        this.shared = shared;
        this.clientSettings = AwsClientSettings.forEmulator(region, endpoint);
        this.dynamoDb = clientSettings.configure(DynamoDbClient.builder()).build();
        this.sqs = clientSettings.configure(SqsClient.builder()).build();
        this.ssm = clientSettings.configure(SsmClient.builder()).build();
        this.cloudFormation = clientSettings.configure(CloudFormationClient.builder()).build();
        this.dataStack = new DataStack(cloudFormation, dynamoDb, sqs, stackName, templateBody);
    }

    /**
     * The instance every test in this JVM shares: started on first use with the repository's
     * template, stack {@value #SHARED_STACK_NAME}, closed when the JVM exits. {@link #close()} on it is
     * ignored, so one test class cannot take it away from the next. A failed start is remembered and
     * reported to every later caller instead of being retried.
     */
    public static LocalAws shared() {
        synchronized (SHARED_LOCK) {
            if (sharedInstance != null) {
                return sharedInstance;
            }
            if (sharedFailure != null) {
                throw new IllegalStateException("The shared local AWS emulator failed to start earlier: "
                        + sharedFailure.getMessage(), sharedFailure);
            }
            try {
                LocalAws aws = builder().stackName(SHARED_STACK_NAME).start(true);
                Runtime.getRuntime().addShutdownHook(new Thread(aws::shutdown, "local-aws-stop"));
                sharedInstance = aws;
                return aws;
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The repository this process runs in (the directory holding template.yaml and the root pom). */
    public static Path repositoryRoot() {
        return RepositoryLayout.findRoot(Path.of(System.getProperty("user.dir")),
                System.getProperty(RepositoryLayout.ROOT_PROPERTY));
    }

    public EmulatorKind kind() {
        return kind;
    }

    /** Where every service of the emulator answers, e.g. {@code http://127.0.0.1:54321}. */
    public URI endpoint() {
        return endpoint;
    }

    public Region region() {
        return region;
    }

    /** The dummy credentials the emulator accepts; never valid for AWS. */
    public AwsCredentialsProvider credentialsProvider() {
        return clientSettings.credentials();
    }

    /** How to build another SDK client for this emulator, e.g. of a service this class has no client of. */
    public AwsClientSettings clientSettings() {
        return clientSettings;
    }

    /**
     * Variables that point an AWS SDK (Java, Python, CLI) in another process at this emulator:
     * AWS_ENDPOINT_URL, AWS_REGION, AWS_DEFAULT_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY.
     */
    public Map<String, String> clientEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_ENDPOINT_URL", endpoint.toString());
        environment.put("AWS_REGION", region.id());
        environment.put("AWS_DEFAULT_REGION", region.id());
        environment.put("AWS_ACCESS_KEY_ID", AwsClientSettings.EMULATOR_ACCESS_KEY);
        environment.put("AWS_SECRET_ACCESS_KEY", AwsClientSettings.EMULATOR_SECRET_KEY);
        return Map.copyOf(environment);
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public SsmClient ssm() {
        return ssm;
    }

    public CloudFormationClient cloudFormation() {
        return cloudFormation;
    }

    public String stackName() {
        return resources.stackName();
    }

    /** The data stack's physical names as of the last start or {@link #reset()}. */
    public StackResources resources() {
        return resources;
    }

    /** The CloudFormation template (JSON) the data stack was created from: the template's tables and queues only. */
    public String dataStackTemplate() {
        return dataStack.templateBody();
    }

    /**
     * Empties the emulator's data so the next test class starts from the template's freshly created
     * tables and queues, and returns how long that took. For the moto server this harness started,
     * moto's reset drops all state in every service (including SSM parameters) and the stack is
     * created again, which gives new physical names: read {@link #resources()} afterwards. For
     * emulators owned by someone else only the stack's items and messages are deleted; the tables,
     * queues, their names and any SSM parameters stay.
     */
    public synchronized Duration reset() {
        requireOpen();
        long started = System.nanoTime();
        if (moto != null) {
            moto.reset();
            resources = dataStack.create();
        } else {
            dataStack.clear(resources);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.debug("Reset the {} emulator in {} ms", kind, took.toMillis());
        return took;
    }

    /** Stops what this instance started (the moto process or LocalStack container); a no-op on {@link #shared()}. */
    @Override
    public void close() {
        if (shared) {
            LOG.debug("close() on the shared local AWS emulator ignored; it stops when the JVM exits");
            return;
        }
        shutdown();
    }

    private synchronized void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        dynamoDb.close();
        sqs.close();
        ssm.close();
        cloudFormation.close();
        if (emulator != null) {
            try {
                emulator.close();
            } catch (Exception e) {
                LOG.warn("Stopping the {} emulator failed: {}", kind, e.toString());
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("This local AWS emulator is closed");
        }
    }

    @Override
    public String toString() {
        return "LocalAws[" + kind + " " + endpoint + " " + region.id() + "]";
    }

    /** Options of a {@link LocalAws}; every one has a default that suits the repository. */
    public static final class Builder {

        private Path repoRoot;
        private Path template;
        private String stackName = DEFAULT_STACK_NAME;
        private Region region = DEFAULT_REGION;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private UnaryOperator<String> environment = System::getenv;
        private UnaryOperator<String> systemProperties = System::getProperty;
        private DockerProbe dockerProbe;

        private Builder() {}

        /** Default: {@code -Dvoucher.repoRoot}, else the nearest directory above user.dir with template.yaml and pom.xml. */
        public Builder repoRoot(Path repoRoot) {
            this.repoRoot = Objects.requireNonNull(repoRoot);
            return this;
        }

        /** Default: {@code -Dvoucher.template} (relative to the root), else {@code <root>/template.yaml}. */
        public Builder template(Path template) {
            this.template = Objects.requireNonNull(template);
            return this;
        }

        /** Default {@value LocalAws#DEFAULT_STACK_NAME}. Names the template gives via AWS::StackName follow it. */
        public Builder stackName(String stackName) {
            this.stackName = Objects.requireNonNull(stackName);
            return this;
        }

        /** Default ap-northeast-2 (Seoul), where the system is deployed. */
        public Builder region(Region region) {
            this.region = Objects.requireNonNull(region);
            return this;
        }

        /** A template parameter value; used for the SAM expansion and as the data stack's parameter value. */
        public Builder parameter(String key, String value) {
            parameters.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        Builder environment(UnaryOperator<String> environment) {
            this.environment = Objects.requireNonNull(environment);
            return this;
        }

        Builder systemProperties(UnaryOperator<String> systemProperties) {
            this.systemProperties = Objects.requireNonNull(systemProperties);
            return this;
        }

        Builder dockerProbe(DockerProbe dockerProbe) {
            this.dockerProbe = Objects.requireNonNull(dockerProbe);
            return this;
        }

        /** Picks and starts (or connects to) the emulator and creates the data stack in it. */
        public LocalAws start() {
            return start(false);
        }

        private LocalAws start(boolean shared) {
            Path venv = venv();
            Path python = RepositoryLayout.venvExecutable(venv, "python");
            Path templatePath = template != null ? template.toAbsolutePath().normalize()
                    : RepositoryLayout.defaultTemplate(root(), systemProperties.apply(RepositoryLayout.TEMPLATE_PROPERTY));

            EmulatorSelection.Choice choice = EmulatorSelection.choose(environment, systemProperties,
                    dockerProbe != null ? dockerProbe : DockerProbe.standard(environment));
            // The translation needs a Python start-up (about half a second); it overlaps the emulator's.
            CompletableFuture<String> templateBody = CompletableFuture.supplyAsync(
                    () -> DataStackTemplate.translate(python, templatePath, region.id(), parameters));

            long started = System.nanoTime();
            EmulatorKind kind = choice.kind();
            String reason = choice.reason();
            URI endpoint = choice.endpoint();
            MotoServer moto = null;
            AutoCloseable emulator = null;
            if (kind == EmulatorKind.LOCALSTACK) {
                String image = orDefault(environment.apply(LocalStackEmulator.IMAGE_VARIABLE), LocalStackEmulator.DEFAULT_IMAGE);
                try {
                    LocalStackEmulator localStack = LocalStackEmulator.start(image,
                            environment.apply(LocalStackEmulator.AUTH_TOKEN_VARIABLE));
                    emulator = localStack;
                    endpoint = localStack.endpoint();
                    reason = reason + ", image " + image;
                } catch (RuntimeException e) {
                    kind = EmulatorKind.MOTO;
                    reason = reason + ", but LocalStack " + image + " did not start (" + e.getMessage() + ")";
                }
            }
            if (kind == EmulatorKind.MOTO) {
                moto = MotoServer.start(venv);
                emulator = moto;
                endpoint = moto.endpoint();
            }
            LOG.info("Local AWS: {} at {} ({}); region {}, stack {} from {}",
                    kind, endpoint, reason, region.id(), stackName, templatePath);

            LocalAws aws = null;
            try {
                aws = new LocalAws(kind, endpoint, region, moto, emulator, stackName, join(templateBody), shared);
                aws.resources = aws.dataStack.createOrUpdate();
                LOG.debug("Emulator and stack {} ready in {} ms: {}", stackName,
                        Duration.ofNanos(System.nanoTime() - started).toMillis(), aws.resources);
                return aws;
            } catch (RuntimeException e) {
                if (aws != null) {
                    aws.shutdown();
                } else if (emulator != null) {
                    closeQuietly(emulator);
                }
                throw e;
            }
        }

        private Path venv() {
            // The virtualenv location needs the repository root only when VOUCHER_VENV does not name it.
            String override = environment.apply(RepositoryLayout.VENV_VARIABLE);
            return override != null && !override.isBlank()
                    ? RepositoryLayout.venv(null, environment)
                    : RepositoryLayout.venv(root(), environment);
        }

        private Path root() {
            if (repoRoot == null) {
                repoRoot = RepositoryLayout.findRoot(Path.of(orDefault(systemProperties.apply("user.dir"), ".")),
                        systemProperties.apply(RepositoryLayout.ROOT_PROPERTY));
            }
            return repoRoot;
        }

        private static String join(CompletableFuture<String> templateBody) {
            try {
                return templateBody.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw e;
            }
        }

        private static String orDefault(String value, String fallback) {
            return value == null || value.isBlank() ? fallback : value;
        }

        private static void closeQuietly(AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("Closing {} after a failed start failed", closeable, e);
            }
        }
    }
}

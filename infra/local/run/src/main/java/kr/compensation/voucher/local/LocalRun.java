package kr.compensation.voucher.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localruntime.FunctionConfiguration;
import kr.compensation.voucher.localruntime.LocalFunction;
import kr.compensation.voucher.localruntime.LocalLambdaRuntime;
import kr.compensation.voucher.localruntime.RuntimeFiles;
import kr.compensation.voucher.localruntime.SamBuildArtifacts;
import kr.compensation.voucher.localruntime.SamTemplate;
import kr.compensation.voucher.localruntime.StartedInOrder;
import kr.compensation.voucher.localevents.LocalVoucherEventPipe;
import kr.compensation.voucher.locallambda.EventSourceMappingSettings;
import kr.compensation.voucher.locallambda.SqsEventSourceMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The whole system on one machine: an AWS emulator with the template's table and queues, demo customers, the lookup
 * function behind a local HTTP API with the template's routes and JWT authorizers, and the issuer function fed from
 * the queue by an event source mapping emulator. Ctrl-C stops all of it, the emulator process included.
 *
 * <p>{@code LocalRun token ...} mints a demo token against the key of the local run that is up.
 */
public final class LocalRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRun.class);
    static final String HOST = "127.0.0.1";

    /** Which local identity provider stands in for each issuer parameter of the template. */
    private static final Map<String, IssuerRole> ISSUER_PARAMETERS =
            Map.of("SignInIssuer", IssuerRole.SIGN_IN, "IdentityIssuer", IssuerRole.IDENTITY_VERIFICATION);

    private final StartedInOrder started = new StartedInOrder();
    private LocalAws aws;
    private HttpApiGateway gateway;
    private SqsEventSourceMapping issuerMapping;
    private LocalLambdaRuntime runtime;
    private LocalFunction issuer;
    private String pepperParameter;
    private LocalVoucherEventPipe voucherEvents;
    private LocalIdentityProviders identityProviders;
    private CustomerKeyHasher customerKeys;

    /**
     * Options of the run command.
     *
     * @param pepper             the customer-key pepper; null for a fresh random one (the run command always makes one)
     * @param lookupEnvironments the most execution environments the lookup may have (its local concurrency)
     * @param visibilityTimeout  null for the queue's own (the template's); shorter brings failed messages back sooner
     * @param rawFunctionOutput  the functions' log lines go to standard output as they are (the run command), or to
     *                           SLF4J loggers named {@code lambda.<function>} (suites that capture logs)
     */
    record Options(int port, Instant opensAt, int issuerWorkers, byte[] pepper, int lookupEnvironments,
                   Duration visibilityTimeout, boolean rawFunctionOutput) {

        Options(int port, Instant opensAt, int issuerWorkers) {
            this(port, opensAt, issuerWorkers, null, DEFAULT_LOOKUP_ENVIRONMENTS, null, false);
        }
    }

    static final int DEFAULT_LOOKUP_ENVIRONMENTS = 2;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(MintToken.run(List.of(args).subList(1, args.length), System.out, System.err));
        }
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("run-local: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(USAGE);
            return;
        }
        LocalRun run = new LocalRun();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            run.close();
            stopped.countDown();
        }, "local-run-shutdown"));
        try {
            run.start(options, System.out);
        } catch (BindException e) {
            System.err.println("run-local: port " + options.port() + " is in use; pick another with --port");
            System.exit(1);
        } catch (Exception e) {
            LOG.error("the local run could not start", e);
            System.exit(1);
        }
        stopped.await();
    }

    static final String USAGE = """
            Usage: infra/bin/run-local [--port N] [--opens-at ISO-8601|now|+SECONDS] [--issuer-workers N]
                                       [--lookup-environments N] [--visibility-timeout SECONDS]
              --port N            port of the local HTTP API on 127.0.0.1 (default 3000, or $VOUCHER_LOCAL_PORT)
              --opens-at WHEN     the opening instant: ISO-8601 with offset, 'now' (default), or '+SECONDS' from start,
                                  to watch the endpoints flip from "not open yet" to serving
              --issuer-workers N  concurrent batches of the issue-request queue, each in its own issuer
                                  execution environment (default 2)
              --lookup-environments N
                                  the most lookup execution environments (its local concurrency; default 2)
              --visibility-timeout SECONDS
                                  the issuer mapping's receive visibility timeout (default: the queue's own, the
                                  template's VisibilityTimeout); shorter brings a failed message back, and a poison
                                  message to the dead-letter queue, sooner
            Mint a token for a demo customer (while the run is up):
              infra/bin/mint-token [--subject ID] [--issuer sign-in|identity-verification] [--ttl SECONDS]
            """;

    static Options parse(String[] args) {
        String envPort = System.getenv("VOUCHER_LOCAL_PORT");
        int port = envPort != null && !envPort.isBlank() ? Integer.parseInt(envPort.trim()) : 3000;
        Instant opensAt = Instant.now();
        int workers = 2;
        int lookupEnvironments = DEFAULT_LOOKUP_ENVIRONMENTS;
        Duration visibilityTimeout = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--port" -> port = Integer.parseInt(value(args, ++i, arg));
                case "--opens-at" -> opensAt = opening(value(args, ++i, arg));
                case "--issuer-workers" -> workers = Integer.parseInt(value(args, ++i, arg));
                case "--lookup-environments" -> lookupEnvironments = Integer.parseInt(value(args, ++i, arg));
                case "--visibility-timeout" -> visibilityTimeout = Duration.ofSeconds(Long.parseLong(value(args, ++i, arg)));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (port < 0 || port > 65535 || workers < 1 || lookupEnvironments < 1) {
            throw new IllegalArgumentException("--port must be 0..65535, --issuer-workers and --lookup-environments "
                    + "at least 1");
        }
        if (visibilityTimeout != null && (visibilityTimeout.isNegative() || visibilityTimeout.toHours() >= 12)) {
            throw new IllegalArgumentException("--visibility-timeout must be 0..43199 seconds (SQS's range)");
        }
        return new Options(port, opensAt, workers, null, lookupEnvironments, visibilityTimeout, true);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static Instant opening(String value) {
        if (value.equals("now")) {
            return Instant.now();
        }
        if (value.startsWith("+")) {
            return Instant.now().plusSeconds(Long.parseLong(value.substring(1)));
        }
        return OffsetDateTime.parse(value).toInstant();
    }

    /**
     * Starts a local run on a free loopback port, for suites in other modules that drive it over HTTP
     * (infra/local/reliability); {@code out} gets the banner. The caller closes it.
     */
    public static LocalRun startOnFreePort(Instant opensAt, int issuerWorkers, PrintStream out) throws IOException {
        LocalRun run = new LocalRun();
        run.start(new Options(0, opensAt, issuerWorkers), out);
        return run;
    }

    /**
     * As {@link #startOnFreePort(Instant, int, PrintStream)}, with a pepper the caller knows, so that it can load
     * customers with the ops tool ({@code voucher-ops load --pepper-base64}) exactly as an operator would.
     */
    public static LocalRun startOnFreePort(Instant opensAt, int issuerWorkers, byte[] pepper, PrintStream out)
            throws IOException {
        LocalRun run = new LocalRun();
        run.start(new Options(0, opensAt, issuerWorkers, pepper.clone(), DEFAULT_LOOKUP_ENVIRONMENTS, null, false), out);
        return run;
    }

    /**
     * As {@link #startOnFreePort(Instant, int, byte[], PrintStream)}, with a shorter receive visibility timeout for
     * the issuer mapping, so that a batch whose environment died comes back within a test's time.
     */
    public static LocalRun startOnFreePort(Instant opensAt, int issuerWorkers, byte[] pepper,
                                           Duration visibilityTimeout, PrintStream out) throws IOException {
        LocalRun run = new LocalRun();
        run.start(new Options(0, opensAt, issuerWorkers, pepper.clone(), DEFAULT_LOOKUP_ENVIRONMENTS,
                visibilityTimeout, false), out);
        return run;
    }

    /** Starts everything; on failure, closes what was already started. */
    void start(Options options, PrintStream out) throws IOException {
        try {
            startAll(options, out);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startAll(Options options, PrintStream out) throws IOException {
        Path root = LocalAws.repositoryRoot();
        Path templatePath = root.resolve("template.yaml");
        SamTemplate template = SamTemplate.read(templatePath);

        aws = LocalAws.builder().repoRoot(root).template(templatePath).stackName(LocalAws.DEFAULT_STACK_NAME).start();
        started.add(aws);
        String queueUrl = aws.resources().queueUrl("IssueRequestQueue");

        // A fresh pepper per run: the emulator starts empty each time, so nothing keyed with an old one survives. As
        // in AWS it lives in an SSM SecureString, which the lookup reads at init and an operator's load reads too.
        byte[] pepper = options.pepper();
        if (pepper == null) {
            pepper = new byte[32];
            new SecureRandom().nextBytes(pepper);
        }
        pepperParameter = template.parameterDefault("PepperParameterName").orElseThrow();
        String pepperBase64 = Base64.getEncoder().encodeToString(pepper);
        aws.ssm().putParameter(request -> request.name(pepperParameter).type(ParameterType.SECURE_STRING)
                .value(pepperBase64).overwrite(true));
        customerKeys = new CustomerKeyHasher(pepper);
        DemoCustomers.load(aws.dynamoDb(), aws.resources().tableName("EligibilityTable"), customerKeys);

        // Bind first so the issuer URLs in tokens carry the real port (also when --port 0 picks one).
        LocalFunction[] lookup = new LocalFunction[1];
        gateway = HttpApiGateway.start(HOST, options.port(), List.of(),
                (event, context) -> lookup[0].invoke(event, APIGatewayV2HTTPResponse.class));
        started.add(gateway);
        String baseUrl = "http://" + HOST + ":" + gateway.port();
        identityProviders = LocalIdentityProviders.create(root.resolve(".local"), baseUrl);
        // The customer page and the providers' OpenID Connect endpoints, on the same origin as in AWS (CloudFront).
        gateway.serveOutsideApi(new CustomerPage(root.resolve("infra/web/customer-page"),
                identityProviders.openIdConnect(baseUrl + "/"), CustomerPage.config(identityProviders, options.opensAt())));

        // The functions run from their sam build artifacts, each in Lambda execution environments of its own, with
        // the settings and environment template.yaml gives them; only the emulator endpoint is added (README).
        runtime = new LocalLambdaRuntime(RuntimeFiles.inRepository(root), aws.region().id(),
                Map.of("AWS_ENDPOINT_URL", aws.endpoint().toString()));
        started.add(runtime);
        SamBuildArtifacts artifacts = SamBuildArtifacts.forRepository(root, root.resolve(".local/sam-build"));
        Map<String, String> parameters = Map.of(
                "OpensAt", options.opensAt().atOffset(ZoneOffset.ofHours(9)).toString(),
                "SignInIssuer", identityProviders.issuer(IssuerRole.SIGN_IN),
                "IdentityIssuer", identityProviders.issuer(IssuerRole.IDENTITY_VERIFICATION));
        Function<String, String> references = ref -> aws.resources().logicalIds().contains(ref)
                ? aws.resources().physicalId(ref)
                : parameters.getOrDefault(ref, template.parameterDefault(ref).orElse(null));

        FunctionConfiguration lookupFunction = template.function("LookupFunction", references);
        lookup[0] = function(lookupFunction, artifacts, options.lookupEnvironments(), options).warm(1);
        gateway.routes(routes(template));

        FunctionConfiguration issuerFunction = template.function("IssuerFunction", references);
        issuer = function(issuerFunction, artifacts, options.issuerWorkers(), options).warm(1);
        SamTemplate.SqsEventSource source = template.sqsEventSource("IssuerFunction");
        EventSourceMappingSettings mapping = EventSourceMappingSettings.of(queueUrl)
                .withFunctionName("IssuerFunction")
                .withBatchSize(source.batchSize())
                .withMaximumBatchingWindow(source.maximumBatchingWindow())
                .withFunctionTimeout(issuerFunction.timeout())
                .withWorkers(options.issuerWorkers());
        if (options.visibilityTimeout() != null) {
            mapping = mapping.withVisibilityTimeout(options.visibilityTimeout());
        }
        LocalFunction issuerEnvironments = issuer;
        issuerMapping = SqsEventSourceMapping.forFunction(aws.sqs(),
                event -> issuerEnvironments.invoke(event, SQSBatchResponse.class), mapping).start();
        started.add(issuerMapping);
        voucherEvents = LocalVoucherEventPipe.start(aws, templatePath, root.resolve(".local/voucher-events.jsonl"));
        started.add(voucherEvents);

        printBanner(out, baseUrl, options);
    }

    /** A function's environments; their output goes to this process's output as it is, or to SLF4J for tests. */
    private LocalFunction function(FunctionConfiguration configuration, SamBuildArtifacts artifacts, int environments,
                                   Options options) {
        java.nio.file.Path artifact = artifacts.artifact(configuration.logicalId());
        return options.rawFunctionOutput()
                ? runtime.function(configuration, artifact, environments, System.out::println)
                : runtime.function(configuration, artifact, environments);
    }

    private List<HttpApiRoute> routes(SamTemplate template) {
        List<HttpApiRoute> routes = new ArrayList<>();
        for (SamTemplate.Route route : template.httpApiRoutes("LookupFunction")) {
            JwtAuthorizer authorizer = null;
            if (route.issuerParameter() != null) {
                IssuerRole role = ISSUER_PARAMETERS.get(route.issuerParameter());
                if (role == null) {
                    throw new IllegalStateException("no local identity provider stands in for "
                            + route.issuerParameter());
                }
                authorizer = new JwtAuthorizer(identityProviders.issuer(role), LocalIdentityProviders.AUDIENCE,
                        identityProviders.publicKeys());
            }
            routes.add(new HttpApiRoute(route.method(), route.path(), authorizer));
        }
        return routes;
    }

    private void printBanner(PrintStream out, String baseUrl, Options options) {
        DemoCustomers.Demo active = DemoCustomers.ALL.get(0);
        String token = identityProviders.mint(active.role(), active.subject(), Duration.ofHours(12));
        out.println();
        out.println("Customer page: " + baseUrl + "/   (sign in as demo-active-0001, or verify as demo-closed-0002)");
        out.println("Local run is up (emulator: " + aws.kind() + " at " + aws.endpoint() + ")");
        out.println("  HTTP API:  " + baseUrl + "   opens at " + options.opensAt());
        out.println("  Functions: LookupFunction and IssuerFunction from their sam build artifacts, in Lambda"
                + " execution environments (Runtime Interface Emulator + runtime interface client)");
        out.println("  VoucherIssued events: tail -f " + voucherEvents.eventsFile() + "  (the pipe of template.yaml, locally)");
        out.println("  Demo customers:");
        for (DemoCustomers.Demo demo : DemoCustomers.ALL) {
            out.printf("    %-24s %-22s %s%n", demo.subject(), demo.role().code(), demo.description());
        }
        out.println();
        out.println("Try it (token of " + active.subject() + ", valid 12 h):");
        out.println("  curl -s -H 'Authorization: Bearer " + token + "' " + baseUrl + "/v1/eligibility");
        out.println("  curl -s -X POST -H 'Authorization: Bearer " + token + "' " + baseUrl + "/v1/claims");
        out.println("Other customers: infra/bin/mint-token --subject demo-closed-0002 --issuer identity-verification");
        out.println("  (closed accounts use /v1/verified/eligibility and /v1/verified/claims)");
        out.println("Load your own customer list as in AWS (the pepper is in the emulator's SSM, as SecureString "
                + pepperParameter + "):");
        out.println("  infra/ops/bin/voucher-ops load --endpoint-url " + aws.endpoint() + " --table "
                + aws.resources().tableName("EligibilityTable") + " --pepper-parameter " + pepperParameter
                + " --file customers.csv");
        out.println("Ctrl-C stops everything.");
        out.flush();
    }

    public int port() {
        return gateway.port();
    }

    public LocalAws aws() {
        return aws;
    }

    public LocalIdentityProviders identityProviders() {
        return identityProviders;
    }

    public SqsEventSourceMapping issuerMapping() {
        return issuerMapping;
    }

    /** The issuer's execution environments, for suites that kill one as Lambda may end any environment. */
    public LocalFunction issuerFunction() {
        return issuer;
    }

    /** The SSM parameter that holds this run's pepper, as the template names it. */
    public String pepperParameter() {
        return pepperParameter;
    }

    /** Keys customers as this run's lookup does (its pepper is made per run), so tests can load their own. */
    public CustomerKeyHasher customerKeys() {
        return customerKeys;
    }

    /** Stops in reverse order of start: the gateway first, the emulator last. */
    @Override
    public void close() {
        started.close();
    }
}

package kr.compensation.voucher.local;

import io.micronaut.context.ApplicationContext;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.issuer.IssuerHandler;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localevents.LocalVoucherEventPipe;
import kr.compensation.voucher.locallambda.EventSourceMappingSettings;
import kr.compensation.voucher.locallambda.SqsEventSourceMapping;
import kr.compensation.voucher.lookup.LookupHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private final List<AutoCloseable> started = new ArrayList<>();
    private LocalAws aws;
    private HttpApiGateway gateway;
    private SqsEventSourceMapping issuerMapping;
    private LocalVoucherEventPipe voucherEvents;
    private LocalIdentityProviders identityProviders;
    private CustomerKeyHasher customerKeys;

    /**
     * Options of the run command.
     *
     * @param pepper the customer-key pepper; null for a fresh random one (the run command always makes one)
     */
    record Options(int port, Instant opensAt, int issuerWorkers, byte[] pepper) {

        Options(int port, Instant opensAt, int issuerWorkers) {
            this(port, opensAt, issuerWorkers, null);
        }
    }

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
              --port N            port of the local HTTP API on 127.0.0.1 (default 3000, or $VOUCHER_LOCAL_PORT)
              --opens-at WHEN     the opening instant: ISO-8601 with offset, 'now' (default), or '+SECONDS' from start,
                                  to watch the endpoints flip from "not open yet" to serving
              --issuer-workers N  concurrent pollers of the issue-request queue (default 2)
            Mint a token for a demo customer (while the run is up):
              infra/bin/mint-token [--subject ID] [--issuer sign-in|identity-verification] [--ttl SECONDS]
            """;

    static Options parse(String[] args) {
        String envPort = System.getenv("VOUCHER_LOCAL_PORT");
        int port = envPort != null && !envPort.isBlank() ? Integer.parseInt(envPort.trim()) : 3000;
        Instant opensAt = Instant.now();
        int workers = 2;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--port" -> port = Integer.parseInt(value(args, ++i, arg));
                case "--opens-at" -> opensAt = opening(value(args, ++i, arg));
                case "--issuer-workers" -> workers = Integer.parseInt(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (port < 0 || port > 65535 || workers < 1) {
            throw new IllegalArgumentException("--port must be 0..65535 and --issuer-workers at least 1");
        }
        return new Options(port, opensAt, workers);
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
     * (infra/reliability); {@code out} gets the banner. The caller closes it.
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
        run.start(new Options(0, opensAt, issuerWorkers, pepper.clone()), out);
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
        String tableName = aws.resources().tableName("EligibilityTable");
        String queueUrl = aws.resources().queueUrl("IssueRequestQueue");

        // A fresh pepper per run: the emulator starts empty each time, so nothing keyed with an old one survives.
        byte[] pepper = options.pepper();
        if (pepper == null) {
            pepper = new byte[32];
            new SecureRandom().nextBytes(pepper);
        }
        String pepperBase64 = Base64.getEncoder().encodeToString(pepper);
        customerKeys = new CustomerKeyHasher(pepper);
        DemoCustomers.load(aws.dynamoDb(), tableName, customerKeys);

        // Bind first so the issuer URLs in tokens carry the real port (also when --port 0 picks one).
        String amount = template.parameterDefault("VoucherAmount").orElse("50000");
        String validityDays = template.parameterDefault("VoucherValidityDays").orElse("365");
        Map<String, Object> common = new HashMap<>();
        common.put("voucher.table-name", tableName);
        common.put("voucher.amount", amount);
        common.put("voucher.aws.region", aws.region().id());
        common.put("voucher.aws.endpoint-override", aws.endpoint().toString());

        LookupHandler[] lookup = new LookupHandler[1];
        gateway = HttpApiGateway.start(HOST, options.port(), List.of(),
                (event, context) -> lookup[0].handleRequest(event, context));
        started.add(gateway);
        String baseUrl = "http://" + HOST + ":" + gateway.port();
        identityProviders = LocalIdentityProviders.create(root.resolve(".local"), baseUrl);

        Map<String, Object> lookupProperties = new HashMap<>(common);
        lookupProperties.put("voucher.queue-url", queueUrl);
        lookupProperties.put("voucher.opens-at", options.opensAt().atOffset(ZoneOffset.ofHours(9)).toString());
        lookupProperties.put("voucher.local-pepper", pepperBase64);
        lookupProperties.put("voucher.sign-in-issuer", identityProviders.issuer(IssuerRole.SIGN_IN));
        lookupProperties.put("voucher.identity-issuer", identityProviders.issuer(IssuerRole.IDENTITY_VERIFICATION));
        lookup[0] = new LookupHandler(ApplicationContext.builder().properties(lookupProperties));
        started.add(lookup[0]);
        gateway.routes(routes(template));

        Map<String, Object> issuerProperties = new HashMap<>(common);
        issuerProperties.put("voucher.validity-days", validityDays);
        IssuerHandler issuer = new IssuerHandler(ApplicationContext.builder().properties(issuerProperties));
        started.add(issuer);
        SamTemplate.SqsEventSource source = template.sqsEventSource("IssuerFunction");
        issuerMapping = SqsEventSourceMapping.forRequestHandler(aws.sqs(), issuer,
                EventSourceMappingSettings.of(queueUrl)
                        .withFunctionName("IssuerFunction")
                        .withBatchSize(source.batchSize())
                        .withMaximumBatchingWindow(source.maximumBatchingWindow())
                        .withFunctionTimeout(source.functionTimeout())
                        .withWorkers(options.issuerWorkers()))
                .start();
        started.add(issuerMapping);
        voucherEvents = LocalVoucherEventPipe.start(aws, templatePath, root.resolve(".local/voucher-events.jsonl"));
        started.add(voucherEvents);

        printBanner(out, baseUrl, options);
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
        out.println("Local run is up (emulator: " + aws.kind() + " at " + aws.endpoint() + ")");
        out.println("  HTTP API:  " + baseUrl + "   opens at " + options.opensAt());
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

    /** Keys customers as this run's lookup does (its pepper is made per run), so tests can load their own. */
    public CustomerKeyHasher customerKeys() {
        return customerKeys;
    }

    /** Stops in reverse order of start: the gateway first, the emulator last. */
    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
    }
}

package kr.compensation.voucher.localruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.adapters.sqs.IssueRequestCodec;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.IssueRequest;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The local Lambda runtime with Lambda's own parts: the Runtime Interface Emulator binary (infra/bin/bootstrap), the
 * runtime interface client, and the functions' artifacts as the Makefile target of sam build makes them; the moto
 * emulator behind a recording proxy, so each AWS request shows which credentials signed it.
 */
@WithLocalAws
class LocalLambdaRuntimeIT {

    private static final Path ROOT = LocalAws.repositoryRoot();
    private static final String PEPPER_PARAMETER = "/voucher/customer-key-pepper";
    private static final String SIGN_IN_ISSUER = "https://signin.example.com";

    @TempDir
    Path staging;

    private final List<String> output = new CopyOnWriteArrayList<>();
    private RecordingAwsProxy proxy;
    private LocalLambdaRuntime runtime;

    @BeforeEach
    void startRuntime(LocalAws aws) throws IOException {
        proxy = new RecordingAwsProxy(aws.endpoint());
        runtime = new LocalLambdaRuntime(RuntimeFiles.inRepository(ROOT), aws.region().id(),
                Map.of("AWS_ENDPOINT_URL", proxy.uri().toString()));
    }

    @AfterEach
    void stopRuntime() {
        runtime.close();
        proxy.close();
    }

    @Test
    @DisplayName("a SnapStart function gets container credentials and no access keys, and Lambda's variables and JVM")
    void snapStartEnvironment() throws Exception {
        LocalFunction probe = runtime.function(probe(true, Duration.ofSeconds(5)), probeArtifact(), 1, output::add);

        Map<String, Object> answer = probe.invoke(Map.of(), map());
        @SuppressWarnings("unchecked")
        Map<String, String> environment = (Map<String, String>) answer.get("environment");

        assertThat(environment).doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
        assertThat(environment.get("AWS_CONTAINER_CREDENTIALS_FULL_URI")).startsWith("http://127.0.0.1:")
                .endsWith("/2021-04-23/credentials");
        assertThat(environment.get("AWS_CONTAINER_AUTHORIZATION_TOKEN")).isNotBlank();
        assertThat(environment).containsEntry("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")
                .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "ProbeFunction")
                .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")
                .containsEntry("AWS_LAMBDA_FUNCTION_VERSION", "1")
                .containsEntry("AWS_EXECUTION_ENV", "AWS_Lambda_java21")
                .containsEntry("TZ", ":UTC")
                .containsEntry("_HANDLER", ProbeHandler.class.getName())
                .containsEntry("LAMBDA_TASK_ROOT", staging.resolve("probe").toAbsolutePath().toString())
                .containsEntry("FROM_TEMPLATE", "yes")
                .containsKey("AWS_LAMBDA_RUNTIME_API");
        assertThat(answer.get("memoryLimitMb")).isEqualTo(512);
        assertThat(((Number) answer.get("maxHeapBytes")).longValue()).isLessThanOrEqualTo(512L * 1024 * 1024);
        assertThat(answer.get("tieredStopAtLevel")).isEqualTo("-XX:TieredStopAtLevel=1");
        assertThat(((Number) answer.get("remainingMillis")).longValue()).isBetween(1L, 5_000L);
    }

    @Test
    @DisplayName("a function without SnapStart gets the access-key variables instead")
    void onDemandEnvironment() throws Exception {
        LocalFunction probe = runtime.function(probe(false, Duration.ofSeconds(5)), probeArtifact(), 1, output::add);

        @SuppressWarnings("unchecked")
        Map<String, String> environment = (Map<String, String>) probe.invoke(Map.of(), map()).get("environment");

        assertThat(environment).containsKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
                .doesNotContainKeys("AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN")
                .containsEntry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    }

    @Test
    @DisplayName("an invocation past Timeout fails as a timeout and the next one gets a new environment")
    void timeoutIsEnforced() throws Exception {
        LocalFunction probe = runtime.function(probe(true, Duration.ofSeconds(2)), probeArtifact(), 1, output::add);
        Map<String, Object> first = probe.invoke(Map.of(), map());

        assertThatThrownBy(() -> probe.invoke(Map.of("sleepMillis", 4_000), map()))
                .isInstanceOfSatisfying(InvocationFailure.class,
                        failure -> assertThat(failure.kind()).isEqualTo(InvocationFailure.Kind.TIMEOUT));
        Map<String, Object> after = probe.invoke(Map.of(), map());

        assertThat(probe.environmentsStarted()).isEqualTo(2);
        assertThat(after.get("pid")).isNotEqualTo(first.get("pid"));
        assertThat(gone(((Number) first.get("pid")).longValue())).as("the timed-out environment's JVM is gone").isTrue();
    }

    @Test
    @DisplayName("a function error is reported as one and the environment stays in use")
    void functionErrorKeepsTheEnvironment() throws Exception {
        LocalFunction probe = runtime.function(probe(true, Duration.ofSeconds(5)), probeArtifact(), 1, output::add);

        assertThatThrownBy(() -> probe.invoke(Map.of("fail", true), map()))
                .isInstanceOfSatisfying(InvocationFailure.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(InvocationFailure.Kind.FUNCTION_ERROR);
                    assertThat(failure.getMessage()).contains("asked to fail");
                });
        probe.invoke(Map.of(), map());

        assertThat(probe.environmentsStarted()).isEqualTo(1);
    }

    @Test
    @DisplayName("a handler the artifact does not hold fails every invocation, as Lambda reports it")
    void missingHandlerFailsInit() throws Exception {
        FunctionConfiguration missing = new FunctionConfiguration("ProbeFunction", "kr.compensation.voucher.Missing",
                "java21", 512, Duration.ofSeconds(5), Map.of(), true, "JSON");
        LocalFunction function = runtime.function(missing, probeArtifact(), 1, output::add);

        assertThatThrownBy(() -> function.invoke(Map.of(), map()))
                .isInstanceOfSatisfying(InvocationFailure.class, failure -> {
                    // The runtime interface client defers a missing class to each invocation (EventHandlerLoader).
                    assertThat(failure.kind()).isEqualTo(InvocationFailure.Kind.FUNCTION_ERROR);
                    assertThat(failure.getMessage()).contains("ClassNotFoundException")
                            .contains("kr.compensation.voucher.Missing");
                });
    }

    @Test
    @DisplayName("a killed environment is replaced, as Lambda replaces a failed one")
    void killedEnvironmentIsReplaced() throws Exception {
        LocalFunction probe = runtime.function(probe(true, Duration.ofSeconds(5)), probeArtifact(), 1, output::add);
        long firstPid = ((Number) probe.invoke(Map.of(), map()).get("pid")).longValue();

        assertThat(probe.killOneEnvironment()).isTrue();
        long secondPid = ((Number) probe.invoke(Map.of(), map()).get("pid")).longValue();

        assertThat(secondPid).isNotEqualTo(firstPid);
        assertThat(gone(firstPid)).isTrue();
    }

    @Test
    @DisplayName("an emulator port another process took before the emulator bound it is chosen again")
    void takenPortIsChosenAgain(LocalAws aws) throws Exception {
        // Bound and not listening, as an outgoing connection's local port is: the emulator cannot bind it, and a
        // connection to it is refused, as on the CI run where the emulator exited with 2.
        try (Socket taken = new Socket(); CredentialsEndpoint credentials = CredentialsEndpoint.start()) {
            taken.setReuseAddress(false);
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Iterator<Integer> ports = new ArrayList<>(List.of(taken.getLocalPort(), free(), free(), free())).iterator();
            try (ExecutionEnvironment environment = ExecutionEnvironment.start("ProbeFunction#1",
                    probe(false, Duration.ofSeconds(5)), RuntimeFiles.inRepository(ROOT), probeArtifact(),
                    aws.region().id(), credentials, 1, Map.of(), output::add, ports::next)) {
                assertThat(ports.hasNext()).as("the second attempt took two fresh ports").isFalse();
                assertThat(output).anySatisfy(line -> assertThat(line).contains("address already in use"));
            }
        }
    }

    private static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    @DisplayName("LookupFunction from its sam build artifact: pepper from SSM at init, every request signed with the "
            + "key the credentials endpoint handed out, priming before the first request")
    void lookupWithContainerCredentials(LocalAws aws) throws Exception {
        byte[] pepper = new byte[48];
        new java.security.SecureRandom().nextBytes(pepper);
        aws.ssm().putParameter(b -> b.name(PEPPER_PARAMETER).type(ParameterType.SECURE_STRING)
                .value(Base64.getEncoder().encodeToString(pepper)).overwrite(true));
        String table = aws.resources().tableName("EligibilityTable");
        CustomerKey key = new CustomerKeyHasher(pepper).keyOf(IssuerRole.SIGN_IN, "customer-a");
        aws.dynamoDb().putItem(b -> b.tableName(table).item(EligibilityItem.newlyLoaded(key, true, AccountState.ACTIVE)));
        FunctionConfiguration lookup = template().function("LookupFunction", references(aws, Map.of(
                "OpensAt", "2020-01-01T00:00:00+09:00", "SignInIssuer", SIGN_IN_ISSUER,
                "IdentityIssuer", "https://identity.example.com")));
        CredentialsEndpoint credentials = CredentialsEndpoint.start();
        LocalFunction function = runtime.function(lookup, artifacts().artifact("LookupFunction"), 1, output::add,
                credentials);

        function.warm(1);
        long ready = function.environments().get(0).phases().get(RuntimeApiProxy.Phase.READY_FOR_INVOCATION);
        byte[] response = function.invoke(fixture("events/signin-get-eligibility.json"));

        assertThat(new String(response, StandardCharsets.UTF_8)).contains("\"statusCode\":200")
                .contains("\\\"eligible\\\":true").contains("NOT_CLAIMED");
        assertThat(credentials.requests()).isNotEmpty()
                .allSatisfy(request -> assertThat(request.authorization()).isEqualTo(credentials.token()));
        List<RecordingAwsProxy.Call> calls = proxy.calls();
        assertThat(calls).extracting(RecordingAwsProxy.Call::target)
                .contains("AmazonSSM.GetParameter", "DynamoDB_20120810.GetItem");
        assertThat(calls).extracting(RecordingAwsProxy.Call::accessKeyId).containsOnly(credentials.accessKeyId());
        assertThat(calls).as("priming read the table before the environment took its first request")
                .anySatisfy(call -> {
                    assertThat(call.target()).isEqualTo("DynamoDB_20120810.GetItem");
                    assertThat(call.nanos()).isLessThan(ready);
                });
        Map<RuntimeApiProxy.Phase, Long> phases = function.environments().get(0).phases();
        assertThat(phases.get(RuntimeApiProxy.Phase.CHECKPOINT_HOOKS_DONE))
                .isLessThanOrEqualTo(phases.get(RuntimeApiProxy.Phase.RESTORED));
        assertThat(phases.get(RuntimeApiProxy.Phase.RESTORED)).isLessThan(ready);
        assertThat(String.join("\n", output)).as("no personal data in the function's logs")
                .doesNotContain("customer-a", key.value());
        credentials.close();
    }

    @Test
    @DisplayName("IssuerFunction: two environments initialised alike still draw distinct voucher codes")
    void issuerEnvironmentsDrawDistinctCodes(LocalAws aws) throws Exception {
        byte[] pepper = new byte[32];
        CustomerKeyHasher hasher = new CustomerKeyHasher(pepper);
        String table = aws.resources().tableName("EligibilityTable");
        List<CustomerKey> customers = List.of(hasher.keyOf(IssuerRole.SIGN_IN, "customer-1"),
                hasher.keyOf(IssuerRole.SIGN_IN, "customer-2"));
        customers.forEach(key -> aws.dynamoDb().putItem(b -> b.tableName(table)
                .item(EligibilityItem.newlyLoaded(key, true, AccountState.ACTIVE))));
        FunctionConfiguration issuer = template().function("IssuerFunction", references(aws, Map.of()));
        LocalFunction function = runtime.function(issuer, artifacts().artifact("IssuerFunction"), 2, output::add);
        function.warm(2);
        List<ExecutionEnvironment> environments = function.environments();
        assertThat(environments).hasSize(2);

        for (int i = 0; i < 2; i++) {
            byte[] answer = environments.get(i).invoke(sqsEvent(customers.get(i), "request-" + i));
            assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("{\"batchItemFailures\":[]}");
        }

        List<String> codes = new ArrayList<>();
        for (CustomerKey key : customers) {
            Map<String, AttributeValue> item = aws.dynamoDb().getItem(b -> b.tableName(table)
                    .key(EligibilityItem.key(key)).consistentRead(true)).item();
            codes.add(item.get(EligibilityItem.VOUCHER_CODE).s());
        }
        assertThat(codes).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(proxy.calls()).extracting(RecordingAwsProxy.Call::accessKeyId).doesNotContain("test", "");
    }

    private byte[] sqsEvent(CustomerKey key, String requestId) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(requestId);
        message.setReceiptHandle("receipt-" + requestId);
        message.setBody(new IssueRequestCodec().encode(new IssueRequest(key, IssueSource.CUSTOMER_CLAIM, requestId,
                Instant.now())));
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        message.setMessageAttributes(Map.of());
        message.setEventSource("aws:sqs");
        message.setEventSourceArn("arn:aws:sqs:ap-northeast-2:123456789012:issue-requests");
        message.setAwsRegion("ap-northeast-2");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream();
        com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers
                .serializerFor(SQSEvent.class, SQSEvent.class.getClassLoader()).toJson(event, json);
        return json.toByteArray();
    }

    /** Whether a process has ended (a zombie whose parent was killed counts: it runs nothing any more). */
    static boolean gone(long pid) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            java.util.Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return true;
            }
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                    return true;
                }
            } catch (IOException vanished) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static SamTemplate template() throws IOException {
        return SamTemplate.read(ROOT.resolve("template.yaml"));
    }

    private SamBuildArtifacts artifacts() {
        return SamBuildArtifacts.forRepository(ROOT, staging.resolve("sam-build"));
    }

    /** Resources by their emulator names, parameters by the given values or the template's defaults. */
    private static Function<String, String> references(LocalAws aws, Map<String, String> parameters)
            throws IOException {
        SamTemplate template = template();
        Map<String, String> values = new HashMap<>(parameters);
        values.putIfAbsent("PepperParameterName", PEPPER_PARAMETER);
        return ref -> aws.resources().logicalIds().contains(ref) ? aws.resources().physicalId(ref)
                : values.getOrDefault(ref, template.parameterDefault(ref).orElse(null));
    }

    private static FunctionConfiguration probe(boolean snapStart, Duration timeout) {
        return new FunctionConfiguration("ProbeFunction", ProbeHandler.class.getName(), "java21", 512, timeout,
                Map.of("FROM_TEMPLATE", "yes"), snapStart, "JSON");
    }

    /** The probe's artifact: its class file at the root of a folder, as Lambda loads classes from a zip's root. */
    private Path probeArtifact() throws IOException, URISyntaxException {
        Path classes = Path.of(ProbeHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String relative = ProbeHandler.class.getName().replace('.', '/') + ".class";
        Path target = staging.resolve("probe").resolve(relative);
        Files.createDirectories(target.getParent());
        Files.copy(classes.resolve(relative), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return staging.resolve("probe");
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = LocalLambdaRuntimeIT.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<Map<String, Object>> map() {
        return (Class) Map.class;
    }
}

package kr.compensation.voucher.bench.coldstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kr.compensation.voucher.bench.BenchEvents;
import kr.compensation.voucher.bench.CannedAws;
import kr.compensation.voucher.localruntime.ColdStart;
import kr.compensation.voucher.localruntime.FunctionConfiguration;
import kr.compensation.voucher.localruntime.LocalFunction;
import kr.compensation.voucher.localruntime.LocalLambdaRuntime;
import kr.compensation.voucher.localruntime.RuntimeFiles;
import kr.compensation.voucher.localruntime.SamBuildArtifacts;
import kr.compensation.voucher.localruntime.SamTemplate;

/**
 * Cold starts as Lambda reports them, in the local Lambda runtime (infra/local/runtime): each start is a new execution
 * environment (the Runtime Interface Emulator and a fresh JVM through the runtime interface client, Lambda's flags)
 * for the lookup's sam build artifact or the plain baseline's jar, both initialised on their first request (SnapStart
 * off, so that init is on the request path and comparable), against a loopback stub of DynamoDB and SSM. Figures:
 * Lambda's "Init Duration" (until the runtime asks for its first invocation) and the first invocation's "Duration".
 * Starts alternate between the two functions so that a busy moment of the machine hits both.
 *
 * <p>Usage: {@code RuntimeColdStart --root DIR --baseline-jar J [--runs N]}
 */
public final class RuntimeColdStart {

    private static final String BASELINE_CLASS = "kr.compensation.voucher.bench.baseline.BaselineLookupHandler";

    private RuntimeColdStart() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Path root = Path.of(options.getOrDefault("--root", ".")).toAbsolutePath();
        int runs = Integer.parseInt(options.getOrDefault("--runs", "10"));
        Path staging = Files.createTempDirectory("cold-start-artifacts");
        Path baselineArtifact = staging.resolve("BaselineFunction");
        Files.createDirectories(baselineArtifact.resolve("lib"));
        Path baselineJar = Path.of(options.get("--baseline-jar"));
        Files.copy(baselineJar, baselineArtifact.resolve("lib").resolve(baselineJar.getFileName()),
                StandardCopyOption.REPLACE_EXISTING);

        try (CannedAws aws = CannedAws.start()) {
            Map<String, String> environment = new LinkedHashMap<>(BenchEvents.lambdaEnvironment(aws.endpoint()
                    .toString()));
            // Lambda sets these itself (the runtime does here); the endpoint is the local world's one addition.
            List.of("AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL")
                    .forEach(environment::remove);
            Map<String, String> references = Map.of("EligibilityTable", environment.get("TABLE_NAME"),
                    "IssueRequestQueue", environment.get("QUEUE_URL"), "OpensAt", environment.get("OPENS_AT"),
                    "VoucherAmount", environment.get("VOUCHER_AMOUNT"), "PepperParameterName",
                    environment.get("PEPPER_PARAMETER"), "SignInIssuer", environment.get("SIGN_IN_ISSUER"),
                    "IdentityIssuer", environment.get("IDENTITY_ISSUER"));
            FunctionConfiguration lookup = SamTemplate.read(root.resolve("template.yaml"))
                    .function("LookupFunction", references::get).withSnapStart(false);
            FunctionConfiguration baseline = new FunctionConfiguration("BaselineFunction", BASELINE_CLASS,
                    lookup.runtime(), lookup.memorySizeMb(), lookup.timeout(), environment, false, lookup.logFormat());
            Map<String, FunctionConfiguration> functions = new LinkedHashMap<>();
            functions.put("lookup", lookup);
            functions.put("baseline", baseline);
            Map<String, Path> artifacts = Map.of("lookup", SamBuildArtifacts.forRepository(root,
                    staging.resolve("sam-build")).artifact("LookupFunction"), "baseline", baselineArtifact);

            Map<String, List<ColdStart>> starts = new LinkedHashMap<>();
            try (LocalLambdaRuntime runtime = new LocalLambdaRuntime(RuntimeFiles.inRepository(root), "ap-northeast-2",
                    Map.of("AWS_ENDPOINT_URL", aws.endpoint().toString()))) {
                // One untimed start each, so the OS file cache holds both artifacts before anything is measured.
                for (String name : functions.keySet()) {
                    start(runtime, functions.get(name), artifacts.get(name));
                }
                for (int run = 0; run < runs; run++) {
                    List<String> order = new ArrayList<>(functions.keySet());
                    if (run % 2 == 1) {
                        order = order.reversed();
                    }
                    for (String name : order) {
                        ColdStart start = start(runtime, functions.get(name), artifacts.get(name));
                        starts.computeIfAbsent(name, n -> new ArrayList<>()).add(start);
                        System.out.printf("  %-8s run %2d: init %6.0f ms, first invocation %6.1f ms%n", name, run + 1,
                                millis(start.init()), millis(start.duration()));
                    }
                }
            }
            System.out.printf("%nLocal Lambda runtime, %d starts each (medians):%n", runs);
            System.out.printf("  %-8s %14s %22s %12s%n", "function", "Init Duration", "first invocation", "sum");
            Map<String, double[]> medians = new LinkedHashMap<>();
            for (Map.Entry<String, List<ColdStart>> entry : starts.entrySet()) {
                double init = median(entry.getValue().stream().map(s -> millis(s.init())).toList());
                double first = median(entry.getValue().stream().map(s -> millis(s.duration())).toList());
                double sum = median(entry.getValue().stream().map(s -> millis(s.init()) + millis(s.duration())).toList());
                medians.put(entry.getKey(), new double[] {init, first, sum});
                System.out.printf("  %-8s %11.0f ms %19.1f ms %9.0f ms%n", entry.getKey(), init, first, sum);
            }
            double[] l = medians.get("lookup");
            double[] b = medians.get("baseline");
            System.out.printf("  lookup / baseline: init %.2fx, first invocation %.2fx, sum %.2fx (goal: sum <= 1.25x)%n",
                    l[0] / b[0], l[1] / b[1], l[2] / b[2]);
        }
    }

    private static ColdStart start(LocalLambdaRuntime runtime, FunctionConfiguration function, Path artifact) {
        try (LocalFunction environment = runtime.function(function, artifact, 1, line -> { })) {
            APIGatewayV2HTTPResponse response = environment.invoke(BenchEvents.readEligibility("bench-customer"),
                    APIGatewayV2HTTPResponse.class);
            if (response.getStatusCode() != 200) {
                throw new IllegalStateException(function.logicalId() + " answered " + response.getStatusCode() + ": "
                        + response.getBody());
            }
            return environment.firstColdStart();
        }
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}

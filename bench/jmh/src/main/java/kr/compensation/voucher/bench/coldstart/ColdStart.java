package kr.compensation.voucher.bench.coldstart;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kr.compensation.voucher.bench.BenchEvents;
import kr.compensation.voucher.bench.CannedAws;
import kr.compensation.voucher.locallambda.LocalLambdaContext;

/**
 * Cold starts of the lookup function and of the plain baseline, side by side in one run: each start is a fresh JVM
 * running {@link ColdStartProbe} beside the function's deployable jar, against a loopback stub of DynamoDB and SSM
 * (so the pepper is read from "SSM" at init, as in AWS). Starts alternate between the two functions so that a busy
 * moment of the machine hits both.
 *
 * <p>Two kinds of start: {@code cold} (process start to the first completed lookup) and {@code primed} (the first
 * lookup after the function's SnapStart priming, against the median of 200 warm ones in the same JVM).
 *
 * <p>JVM flags as Lambda's java21 runtime sets them by default: tiered compilation stopped at C1 and the serial
 * collector (docs.aws.amazon.com/lambda/latest/dg/java-customization.html).
 *
 * <p>Usage: {@code ColdStart --lookup-jar J --baseline-jar J --probe-jar J [--runs N] [--warm N]
 * [--jvm-flags "F ..."]}; the last adds flags to every probe JVM for an investigation (e.g.
 * {@code -Xlog:class+load:file=/tmp/classes-%p.txt}), never for a recorded figure.
 */
public final class ColdStart {

    static final List<String> LAMBDA_JVM_FLAGS =
            List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

    private static final String LOOKUP_CLASS = "kr.compensation.voucher.lookup.LookupHandler";
    private static final String BASELINE_CLASS = "kr.compensation.voucher.bench.baseline.BaselineLookupHandler";

    /** One probe's figures, in microseconds. */
    record Start(double jvmToMain, double init, double prime, double firstRequest, double total, double cpuToFirst,
                 double warmMedian, double warmCpuMedian) {
    }

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int runs = Integer.parseInt(options.getOrDefault("--runs", "10"));
        int warm = Integer.parseInt(options.getOrDefault("--warm", "200"));
        List<String> flags = new ArrayList<>(LAMBDA_JVM_FLAGS);
        String extra = options.getOrDefault("--jvm-flags", "").strip();
        if (!extra.isEmpty()) {
            flags.addAll(List.of(extra.split("\\s+")));
        }
        Map<String, Function> functions = new LinkedHashMap<>();
        functions.put("lookup", new Function(LOOKUP_CLASS, jar(options, "--lookup-jar")));
        functions.put("baseline", new Function(BASELINE_CLASS, jar(options, "--baseline-jar")));
        Path probeJar = jar(options, "--probe-jar");
        String java = ProcessHandle.current().info().command().orElse("java");

        Map<String, List<Start>> cold = new LinkedHashMap<>();
        Map<String, List<Start>> primed = new LinkedHashMap<>();
        try (CannedAws aws = CannedAws.start()) {
            Map<String, String> environment = BenchEvents.lambdaEnvironment(aws.endpoint().toString());
            // One untimed start each, so the OS file cache holds both jars before anything is measured.
            for (Function function : functions.values()) {
                probe(java, flags, probeJar, function, "cold", 0, environment);
            }
            for (int run = 0; run < runs; run++) {
                List<String> order = new ArrayList<>(functions.keySet());
                if (run % 2 == 1) {
                    order = order.reversed();
                }
                for (String name : order) {
                    Function function = functions.get(name);
                    cold.computeIfAbsent(name, n -> new ArrayList<>())
                            .add(probe(java, flags, probeJar, function, "cold", 0, environment));
                    primed.computeIfAbsent(name, n -> new ArrayList<>())
                            .add(probe(java, flags, probeJar, function, "primed", warm, environment));
                }
                System.err.printf("cold start run %d/%d done%n", run + 1, runs);
            }
            System.out.println("Stub requests: " + aws.requests());
        }
        report(runs, warm, flags, cold, primed);
    }

    record Function(String handlerClass, Path jar) {
    }

    /**
     * Where the probe's Lambda context comes from (the one double, in local-lambda): the probe runs with the function's
     * jar and its own, and needs this one class besides.
     */
    private static final Path CONTEXT_DOUBLE = codeSource(LocalLambdaContext.class);

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Start probe(String java, List<String> flags, Path probeJar, Function function, String mode, int warm,
                               Map<String, String> environment) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(flags);
        command.addAll(List.of("-cp", function.jar() + File.pathSeparator + probeJar + File.pathSeparator
                        + CONTEXT_DOUBLE, ColdStartProbe.class.getName(), function.handlerClass(), mode,
                Integer.toString(warm)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("VOUCHER_")
                || name.startsWith("JAVA_TOOL_OPTIONS") || name.startsWith("JDK_JAVA_OPTIONS")
                || environment.containsKey(name));
        env.putAll(environment);

        long launchedAt = ColdStartProbe.epochMicros();
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        String marker = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(ColdStartProbe.MARKER)) {
                    marker = line;
                } else if (output.size() < 200) {
                    output.add(line);
                }
            }
        }
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0 || marker == null) {
            process.destroyForcibly();
            throw new IllegalStateException(function.handlerClass() + " " + mode + " probe failed:\n"
                    + String.join("\n", output));
        }
        Map<String, Long> values = new HashMap<>();
        for (String pair : marker.substring(ColdStartProbe.MARKER.length()).trim().split(" ")) {
            String[] kv = pair.split("=");
            values.put(kv[0], Long.parseLong(kv[1]));
        }
        return new Start(values.get("mainAt") - launchedAt,
                values.get("initAt") - values.get("mainAt"),
                values.get("primedAt") - values.get("initAt"),
                values.get("firstNanos") / 1000.0,
                values.get("firstAt") - launchedAt,
                values.get("cpuAtFirstNanos") / 1000.0,
                values.get("warmMedianNanos") / 1000.0,
                values.get("warmCpuMedianNanos") / 1000.0);
    }

    private static void report(int runs, int warm, List<String> flags, Map<String, List<Start>> cold,
                               Map<String, List<Start>> primed) {
        System.out.printf("%nCold start, %d fresh JVMs per function and kind, flags %s, medians (p90) in ms%n",
                runs, String.join(" ", flags));
        System.out.println("| function | process start -> main | init (constructor) | first request | "
                + "process start -> first response | CPU of all threads to the first response |");
        System.out.println("|---|---|---|---|---|---|");
        for (Map.Entry<String, List<Start>> entry : cold.entrySet()) {
            List<Start> s = entry.getValue();
            System.out.printf("| %s | %s | %s | %s | **%s** | %s |%n", entry.getKey(), ms(s, Start::jvmToMain),
                    ms(s, Start::init), ms(s, Start::firstRequest), ms(s, Start::total), ms(s, Start::cpuToFirst));
        }
        System.out.printf("%nAfter priming (the SnapStart hook run before the first request), %d warm requests "
                + "after it, medians (p90)%n", warm);
        System.out.println("| function | priming | first request after priming | warm request (median of "
                + warm + ") | warm request, thread CPU time | first / warm |");
        System.out.println("|---|---|---|---|---|---|");
        printPrimed(primed);
        double lookup = percentile(values(cold.get("lookup"), Start::total), 50);
        double baseline = percentile(values(cold.get("baseline"), Start::total), 50);
        System.out.printf("%nlookup cold start / baseline cold start (medians): %.2fx (goal <= 1.25x); CPU to the first "
                + "response: %.2fx%n", lookup / baseline,
                percentile(values(cold.get("lookup"), Start::cpuToFirst), 50)
                        / percentile(values(cold.get("baseline"), Start::cpuToFirst), 50));
    }

    private static void printPrimed(Map<String, List<Start>> primed) {
        for (Map.Entry<String, List<Start>> entry : primed.entrySet()) {
            List<Start> s = entry.getValue();
            double[] ratios = s.stream().mapToDouble(x -> x.firstRequest() / x.warmMedian()).toArray();
            System.out.printf("| %s | %s ms | %s ms | %s ms | %s ms | **%.1fx** (p90 %.1fx) |%n", entry.getKey(),
                    ms(s, Start::prime), ms(s, Start::firstRequest), ms(s, Start::warmMedian),
                    ms(s, Start::warmCpuMedian), percentile(ratios, 50), percentile(ratios, 90));
        }
    }

    private static String ms(List<Start> starts, java.util.function.ToDoubleFunction<Start> field) {
        double[] v = values(starts, field);
        return String.format("%.2f (%.2f)", percentile(v, 50) / 1000, percentile(v, 90) / 1000);
    }

    private static double[] values(List<Start> starts, java.util.function.ToDoubleFunction<Start> field) {
        return starts.stream().mapToDouble(field).toArray();
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static Path jar(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            throw new IllegalArgumentException(name + " must name an existing jar (got " + value + ")");
        }
        return Path.of(value).toAbsolutePath();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}

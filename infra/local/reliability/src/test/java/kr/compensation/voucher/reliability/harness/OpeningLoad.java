package kr.compensation.voucher.reliability.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives the local run across its opening instant with one connection per customer, each sending its requests one
 * after another, and classifies every answer: a not-open-yet problem, a success (200/202) or anything else. Since a
 * connection's requests are sequential, its answers must read "not open" ... "success" ...; a not-open answer after
 * a success on the same connection is an inversion. No clock is compared: the order alone decides.
 *
 * <p>wrk does the driving when it is installed (found on the PATH or named by {@code WRK}); otherwise a Java
 * generator with the same rules does, and says so.
 */
public final class OpeningLoad {

    /** One connection's customer: which route family, whether it also claims, its token. */
    public record Connection(boolean identityRoutes, boolean claims, String token) {
    }

    /** What the load saw. {@code generator} is "wrk" or "java". */
    public record Result(String generator, long requests, Duration duration, long notOpen, long success, long other,
                         long serverErrors, long missingRetryAfter, long inversions, long socketErrors,
                         long latencyP50Micros, long latencyP99Micros, Map<Integer, Long> statuses) {

        public double requestsPerSecond() {
            return requests / (duration.toMillis() / 1000.0);
        }
    }

    private OpeningLoad() {
    }

    public static Optional<Path> wrk() {
        String named = System.getenv("WRK");
        if (named != null && !named.isBlank() && Files.isExecutable(Path.of(named))) {
            return Optional.of(Path.of(named));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "wrk");
            if (!dir.isBlank() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs the load with wrk when it is installed, else with the Java generator; {@code -Dreliability.load=java}
     * or {@code =wrk} insists on one (wrk then fails the run if it is missing).
     */
    public static Result run(String base, List<Connection> connections, Duration duration) {
        String choice = System.getProperty("reliability.load", "auto");
        Optional<Path> wrk = "java".equals(choice) ? Optional.empty() : wrk();
        if (wrk.isEmpty() && "wrk".equals(choice)) {
            throw new IllegalStateException("-Dreliability.load=wrk, but wrk is neither on the PATH nor named by WRK");
        }
        return wrk.isPresent() ? withWrk(wrk.get(), base, connections, duration)
                : withJava(base, connections, duration);
    }

    private static Result withWrk(Path wrk, String base, List<Connection> connections, Duration duration) {
        try {
            Path script = Files.createTempFile("opening", ".lua");
            try (InputStream in = OpeningLoad.class.getResourceAsStream("/wrk/opening.lua")) {
                Files.write(script, in.readAllBytes());
            }
            List<String> command = new ArrayList<>(List.of(wrk.toString(),
                    "-t" + connections.size(), "-c" + connections.size(), "-d" + duration.toSeconds() + "s",
                    "--timeout", "10s", "-s", script.toString(), base, "--"));
            for (Connection connection : connections) {
                command.add((connection.identityRoutes() ? "i" : "s") + ":" + (connection.claims() ? "rw" : "r")
                        + ":" + connection.token());
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("wrk failed: " + output);
            }
            Files.deleteIfExists(script);
            String line = output.lines().filter(l -> l.startsWith("WRK-RESULT ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("wrk printed no result: " + output));
            JsonNode json = new ObjectMapper().readTree(line.substring("WRK-RESULT ".length()));
            Map<Integer, Long> statuses = new TreeMap<>();
            json.path("statuses").properties().forEach(e -> statuses.put(Integer.parseInt(e.getKey()),
                    e.getValue().asLong()));
            return new Result("wrk", json.path("requests").asLong(),
                    Duration.ofNanos(json.path("durationMicros").asLong() * 1000), json.path("notOpen").asLong(),
                    json.path("success").asLong(), json.path("other").asLong(), json.path("serverErrors").asLong(),
                    json.path("missingRetryAfter").asLong(), json.path("inversions").asLong(),
                    json.path("connectErrors").asLong() + json.path("readErrors").asLong()
                            + json.path("writeErrors").asLong() + json.path("timeouts").asLong(),
                    json.path("latencyP50Micros").asLong(), json.path("latencyP99Micros").asLong(), statuses);
        } catch (IOException e) {
            throw new UncheckedIOException("running wrk failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The same rules with java.net.http: one virtual thread and one HTTP/1.1 client per connection. */
    private static Result withJava(String base, List<Connection> connections, Duration duration) {
        AtomicLong notOpen = new AtomicLong();
        AtomicLong success = new AtomicLong();
        AtomicLong other = new AtomicLong();
        AtomicLong serverErrors = new AtomicLong();
        AtomicLong missingRetryAfter = new AtomicLong();
        AtomicLong inversions = new AtomicLong();
        AtomicLong socketErrors = new AtomicLong();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (Connection connection : connections) {
            threads.add(Thread.ofVirtual().start(() -> {
                String prefix = connection.identityRoutes() ? "/v1/verified" : "/v1";
                boolean seenSuccess = false;
                int n = 0;
                try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                    while (System.nanoTime() < deadline) {
                        boolean claim = connection.claims() && n++ % 2 == 1;
                        HttpRequest request = HttpRequest.newBuilder(URI.create(base + prefix
                                        + (claim ? "/claims" : "/eligibility")))
                                .header("Authorization", "Bearer " + connection.token())
                                .timeout(Duration.ofSeconds(10))
                                .method(claim ? "POST" : "GET", HttpRequest.BodyPublishers.noBody()).build();
                        long sent = System.nanoTime();
                        HttpResponse<String> response;
                        try {
                            response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        } catch (IOException e) {
                            socketErrors.incrementAndGet();
                            continue;
                        }
                        latencies.add((System.nanoTime() - sent) / 1000);
                        int status = response.statusCode();
                        statuses.merge(status, 1L, Long::sum);
                        if (status >= 500) {
                            serverErrors.incrementAndGet();
                        }
                        if (status == 403 && response.body().contains("/problems/not-open-yet")) {
                            notOpen.incrementAndGet();
                            if (response.headers().firstValue("retry-after").isEmpty()) {
                                missingRetryAfter.incrementAndGet();
                            }
                            if (seenSuccess) {
                                inversions.incrementAndGet();
                            }
                        } else if (status == 200 || status == 202) {
                            success.incrementAndGet();
                            seenSuccess = true;
                        } else {
                            other.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        long p50 = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
        long p99 = sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99)));
        return new Result("java", notOpen.get() + success.get() + other.get(),
                Duration.ofNanos(System.nanoTime() - started), notOpen.get(), success.get(), other.get(),
                serverErrors.get(), missingRetryAfter.get(), inversions.get(), socketErrors.get(), p50, p99,
                new TreeMap<>(statuses));
    }
}

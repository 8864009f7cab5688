package kr.compensation.voucher.localaws;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Tells whether a Docker engine answers, so that LocalStack can be started through Testcontainers. */
@FunctionalInterface
interface DockerProbe {

    /** Outcome of a probe; {@code reason} is shown to the user in the emulator choice log line. */
    record Result(boolean available, String reason) {}

    Result probe();

    /**
     * Looks for a Docker endpoint first and only then asks Testcontainers, because Testcontainers'
     * own discovery tries several strategies, logs each failure and can take many seconds when there
     * is no engine at all, which is the usual case on the machines this project runs on.
     */
    static DockerProbe standard(UnaryOperator<String> environment) {
        return standard(environment, defaultSockets(), Duration.ofSeconds(10));
    }

    static DockerProbe standard(UnaryOperator<String> environment, List<Path> sockets, Duration bound) {
        return () -> {
            String dockerHost = environment.apply("DOCKER_HOST");
            if (dockerHost != null && !dockerHost.isBlank()) {
                return askTestcontainers("DOCKER_HOST=" + dockerHost, bound);
            }
            for (Path socket : sockets) {
                if (Files.exists(socket)) {
                    return askTestcontainers(socket.toString(), bound);
                }
            }
            return new Result(false, "no Docker engine (DOCKER_HOST unset, no socket at "
                    + sockets.stream().map(Path::toString).collect(Collectors.joining(" or ")) + ")");
        };
    }

    /** The Linux system socket and the per-user one of Docker Desktop. */
    static List<Path> defaultSockets() {
        return List.of(
                Path.of("/var/run/docker.sock"),
                Path.of(System.getProperty("user.home", ""), ".docker", "run", "docker.sock"));
    }

    private static Result askTestcontainers(String endpoint, Duration bound) {
        var executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "docker-probe");
            thread.setDaemon(true);
            return thread;
        });
        try {
            boolean available = executor
                    .submit(() -> org.testcontainers.DockerClientFactory.instance().isDockerAvailable())
                    .get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return available
                    ? new Result(true, "a Docker engine answers at " + endpoint)
                    : new Result(false, "Docker endpoint " + endpoint + " found but no engine answers");
        } catch (TimeoutException e) {
            return new Result(false, "Docker endpoint " + endpoint + " did not answer within " + bound.toSeconds() + " s");
        } catch (ExecutionException e) {
            return new Result(false, "Docker endpoint " + endpoint + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted while probing Docker at " + endpoint);
        } finally {
            executor.shutdownNow();
        }
    }
}

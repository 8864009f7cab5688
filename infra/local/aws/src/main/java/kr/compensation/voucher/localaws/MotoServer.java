package kr.compensation.voucher.localaws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A moto server child process on a free loopback port, stopped on close and at JVM exit. It runs through
 * moto_launcher.py (beside this class), which gives moto DynamoDB's one-operation-at-a-time order on the tables; a
 * stock server, without it, only for the test that shows the difference.
 */
final class MotoServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MotoServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 3;

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final HttpClient http;
    private final Thread shutdownHook;

    private MotoServer(Process process, URI endpoint, Path log, HttpClient http) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        this.http = http;
        this.shutdownHook = new Thread(this::stopProcessTree, "moto-server-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static final String LAUNCHER = "moto_launcher.py";

    static MotoServer start(Path venv) {
        return start(venv, false, List.of());
    }

    /**
     * @param stock     moto_server's own behaviour: DynamoDB requests on concurrent threads, without order
     * @param arguments more of the launcher's options (see moto_launcher.py)
     */
    static MotoServer start(Path venv, boolean stock, List<String> arguments) {
        Path python = RepositoryLayout.venvExecutable(venv, "python");
        IllegalStateException lastFailure = null;
        // The free port is found by binding and releasing it, so another process can take it before
        // moto binds; a retry on a fresh port makes that race harmless.
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            try {
                return startOnce(python, freeLoopbackPort(), stock, arguments);
            } catch (ExitedEarly e) {
                lastFailure = e;
                LOG.debug("moto server attempt {} failed", attempt, e);
            }
        }
        throw lastFailure;
    }

    private static MotoServer startOnce(Path python, int port, boolean stock, List<String> arguments) {
        Path log;
        Process process;
        List<String> command = new java.util.ArrayList<>(List.of(python.toString(), "-", "-H", "127.0.0.1", "-p",
                Integer.toString(port)));
        if (stock) {
            command.add("--stock");
        }
        command.addAll(arguments);
        try {
            log = Files.createTempFile("voucher-moto-" + port + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // Only the virtualenv's packages: a user-site moto of another version must not leak in.
            builder.environment().put("PYTHONNOUSERSITE", "1");
            process = builder.start();
            // The launcher comes on standard input, from this jar: nothing to unpack, nothing left behind.
            try (java.io.OutputStream stdin = process.getOutputStream();
                 java.io.InputStream script = MotoServer.class.getResourceAsStream(LAUNCHER)) {
                if (script == null) {
                    throw new IllegalStateException(LAUNCHER + " is missing beside " + MotoServer.class.getName());
                }
                script.transferTo(stdin);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start moto through " + python, e);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        MotoServer server = new MotoServer(process, endpoint, log, http);
        try {
            server.awaitAnswer();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    URI endpoint() {
        return endpoint;
    }

    long pid() {
        return process.pid();
    }

    /** Drops every resource in every service of this server; far cheaper than a new process. */
    void reset() {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                .timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto reset answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("moto reset failed at " + endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while resetting moto", e);
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to; stopping twice is harmless.
        }
        stopProcessTree();
        http.close();
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            LOG.debug("Cannot delete {}", log, e);
        }
    }

    private void stopProcessTree() {
        // Children first: a wrapper script or reloader must not survive its parent and keep the port.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitAnswer() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new ExitedEarly("moto server exited with status " + process.exitValue()
                        + " before answering on " + endpoint + ":\n" + logTail());
            }
            try {
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYetListening) {
                pause(Duration.ofMillis(50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for moto server", e);
            }
        }
        throw new IllegalStateException("moto server did not answer on " + endpoint + " within "
                + START_TIMEOUT.toSeconds() + " s:\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    /** The one start failure worth retrying: most likely the port was taken between probe and bind. */
    private static final class ExitedEarly extends IllegalStateException {
        ExitedEarly(String message) {
            super(message);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for moto server", e);
        }
    }
}

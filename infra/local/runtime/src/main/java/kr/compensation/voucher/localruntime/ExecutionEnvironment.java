package kr.compensation.voucher.localruntime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * One Lambda execution environment: the AWS Lambda Runtime Interface Emulator, and under it the function's own JVM
 * started through the runtime interface client from the function's artifact. It serves one invocation at a time, as
 * an environment in Lambda does (AWS Lambda Developer Guide, "Understanding Lambda function scaling":
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html).
 *
 * <p>Lifecycle, as for a SnapStart function in Lambda (AWS Lambda Developer Guide, "Understanding the Lambda execution
 * environment lifecycle": https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html): init (the
 * handler class and its Micronaut context), the {@code beforeCheckpoint} hooks (priming), restore, the
 * {@code afterRestore} hooks, then invocations. The emulator starts the runtime only at its first invocation, so the
 * environment sends itself a sentinel invocation first, which {@link RuntimeApiProxy} answers without the handler:
 * requests then meet a restored environment, as they do in Lambda, where a SnapStart function's init runs when the
 * version is published. A function without SnapStart skips that and pays its init on the first request.
 */
final class ExecutionEnvironment implements AutoCloseable {

    /** The sentinel's payload: an event no handler is ever given. */
    static final byte[] SENTINEL = "{\"voucher-local-runtime\":\"initialise\"}".getBytes(StandardCharsets.UTF_8);
    private static final String TIMED_OUT = "Task timed out after";
    /** How long an environment's init may take: SnapStart allows up to 15 minutes; the emulator caps it at Timeout. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final int PORT_ATTEMPTS = 5;
    private static final String ADDRESS_IN_USE = "address already in use";

    private final String name;
    private final FunctionConfiguration function;
    private final Process process;
    private final RuntimeApiProxy proxy;
    private final URI invokeUri;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<RuntimeApiProxy.Phase, Long> phases;
    private final long startedNanos = System.nanoTime();
    private volatile boolean dead;
    private long readyNanos;
    private long firstInvocationSentNanos;
    private long firstInvocationAnsweredNanos;

    private ExecutionEnvironment(String name, FunctionConfiguration function, Process process, RuntimeApiProxy proxy,
                                 URI invokeUri, Map<RuntimeApiProxy.Phase, Long> phases) {
        this.name = name;
        this.phases = phases;
        this.function = function;
        this.process = process;
        this.proxy = proxy;
        this.invokeUri = invokeUri;
    }

    /**
     * Starts an environment and, for a SnapStart function, waits until it is initialised and restored.
     *
     * @param extraEnvironment what the local world adds to the function's environment (see the README)
     * @param output           each line the emulator and the function write, as Lambda would send it to the log group
     */
    static ExecutionEnvironment start(String name, FunctionConfiguration function, RuntimeFiles files, Path taskRoot,
                                      String region, CredentialsEndpoint credentials, int index,
                                      Map<String, String> extraEnvironment, Consumer<String> output) {
        return start(name, function, files, taskRoot, region, credentials, index, extraEnvironment, output,
                ExecutionEnvironment::freePort);
    }

    /** As above, with the emulator's ports taken from {@code ports} (a test hands it one that is taken). */
    static ExecutionEnvironment start(String name, FunctionConfiguration function, RuntimeFiles files, Path taskRoot,
                                      String region, CredentialsEndpoint credentials, int index,
                                      Map<String, String> extraEnvironment, Consumer<String> output,
                                      IntSupplier ports) {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(name, function, files, taskRoot, region, credentials, index, extraEnvironment, output,
                        ports);
            } catch (PortTaken taken) {
                // The emulator's ports are chosen free and then bound by the emulator, a moment later; any process's
                // outgoing connection may take one in between (they share the kernel's ephemeral range). Lambda has
                // no such ports, so the local runtime just chooses again.
                if (attempt == PORT_ATTEMPTS) {
                    throw new InvocationFailure(InvocationFailure.Kind.ENVIRONMENT_FAILED, name + ": "
                            + PORT_ATTEMPTS + " times, a port chosen for the emulator was taken before it bound it");
                }
            }
        }
    }

    private static ExecutionEnvironment attempt(String name, FunctionConfiguration function, RuntimeFiles files,
                                                Path taskRoot, String region, CredentialsEndpoint credentials,
                                                int index, Map<String, String> extraEnvironment,
                                                Consumer<String> output, IntSupplier ports) {
        int invokePort = ports.getAsInt();
        int runtimeApiPort = ports.getAsInt();
        Map<RuntimeApiProxy.Phase, Long> phases = Collections.synchronizedMap(new EnumMap<>(RuntimeApiProxy.Phase.class));
        RuntimeApiProxy proxy;
        try {
            proxy = new RuntimeApiProxy(URI.create("http://127.0.0.1:" + runtimeApiPort), SENTINEL,
                    phase -> phases.putIfAbsent(phase, System.nanoTime()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> environment = LambdaProcess.environment(function, taskRoot,
                files.runtimeJars().get(0).getParent(), region, credentials, index, extraEnvironment);
        List<String> command = new ArrayList<>(List.of(files.emulator().toString(), "--log-level", "error",
                // Both addresses always, on loopback: the emulator's defaults listen on every interface.
                "--runtime-interface-emulator-address", "127.0.0.1:" + invokePort,
                "--runtime-api-address", "127.0.0.1:" + runtimeApiPort,
                // The emulator passes its own environment on and adds its Runtime API address and, from its own
                // (absent) access-key variables, empty ones; env(1) points the client at the proxy instead and, for
                // SnapStart, removes the empty keys, so the function sees exactly what Lambda would give it.
                "/usr/bin/env"));
        if (function.snapStart()) {
            command.addAll(List.of("-u", "AWS_ACCESS_KEY_ID", "-u", "AWS_SECRET_ACCESS_KEY", "-u", "AWS_SESSION_TOKEN"));
        }
        command.add("AWS_LAMBDA_RUNTIME_API=" + proxy.address());
        command.addAll(LambdaProcess.command(files, function));
        ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        // The emulator's own setting (not a Lambda variable): it ends an invocation after the function's Timeout.
        builder.environment().put("AWS_LAMBDA_FUNCTION_TIMEOUT", Long.toString(function.timeout().toSeconds()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            proxy.close();
            throw new InvocationFailure(InvocationFailure.Kind.ENVIRONMENT_FAILED, name + ": cannot start "
                    + files.emulator(), e);
        }
        // A platform thread: a read of a process's pipe blocks its carrier, and two such virtual threads would hold
        // both of a two-core machine's carriers, starving every other virtual thread of the process.
        EarlyOutput early = new EarlyOutput(output);
        Thread.ofPlatform().daemon().name(name + "-output").start(() -> relay(process, early));
        ExecutionEnvironment started = new ExecutionEnvironment(name, function, process, proxy,
                URI.create("http://127.0.0.1:" + invokePort + "/2015-03-31/functions/function/invocations"), phases);
        try {
            started.awaitListening(invokePort, early);
            if (function.snapStart()) {
                started.initialise();
            }
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    private void awaitListening(int port, EarlyOutput early) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                // The emulator panics (exit 2) when it cannot listen: internal/lambda/rie/http.go in
                // aws-lambda-runtime-interface-emulator calls log.Panic on ListenAndServe's error.
                if (early.awaitEnd().contains(ADDRESS_IN_USE)) {
                    throw new PortTaken();
                }
                throw new InvocationFailure(InvocationFailure.Kind.ENVIRONMENT_FAILED, name
                        + ": the runtime interface emulator exited with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep(20);
            }
        }
        throw new InvocationFailure(InvocationFailure.Kind.ENVIRONMENT_FAILED, name + ": the emulator did not listen");
    }

    /** The sentinel invocation: init, checkpoint hooks, restore and after-restore hooks run now, not on a request. */
    private void initialise() {
        byte[] answer = post(SENTINEL, START_TIMEOUT);
        if (!new String(answer, StandardCharsets.UTF_8).equals("{}")) {
            dead = true;
            throw new InvocationFailure(InvocationFailure.Kind.ENVIRONMENT_FAILED, name + ": init failed: "
                    + new String(answer, StandardCharsets.UTF_8));
        }
        readyNanos = System.nanoTime();
    }

    /** One invocation; the caller makes sure no other runs on this environment at the same time. */
    byte[] invoke(byte[] payload) {
        boolean first = firstInvocationSentNanos == 0;
        if (first) {
            firstInvocationSentNanos = System.nanoTime();
        }
        byte[] answer = post(payload, function.timeout().plusSeconds(10));
        if (first) {
            firstInvocationAnsweredNanos = System.nanoTime();
        }
        String text = new String(answer, 0, Math.min(answer.length, 64), StandardCharsets.UTF_8);
        if (text.startsWith(TIMED_OUT)) {
            // Lambda does not reuse an environment whose invocation timed out: the runtime is reset and initialised
            // again (lambda-runtime-environment.html, "Failures during the invoke phase"); here it is replaced.
            dead = true;
            throw new InvocationFailure(InvocationFailure.Kind.TIMEOUT, function.logicalId() + ": "
                    + new String(answer, StandardCharsets.UTF_8));
        }
        if (text.startsWith("{\"errorMessage\":")) {
            // The runtime interface client's error document, which Lambda returns with X-Amz-Function-Error.
            throw new InvocationFailure(InvocationFailure.Kind.FUNCTION_ERROR, function.logicalId() + " failed: "
                    + new String(answer, StandardCharsets.UTF_8));
        }
        return answer;
    }

    private byte[] post(byte[] payload, Duration timeout) {
        try {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(invokeUri).timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                // 502: init failed or the runtime exited; the emulator cannot serve this environment again.
                dead = true;
                throw new InvocationFailure(InvocationFailure.Kind.ENVIRONMENT_FAILED, name + " answered "
                        + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (HttpTimeoutException e) {
            dead = true;
            throw new InvocationFailure(InvocationFailure.Kind.TIMEOUT, name + ": no answer within " + timeout, e);
        } catch (IOException e) {
            dead = true;
            throw new InvocationFailure(InvocationFailure.Kind.ENVIRONMENT_FAILED, name + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dead = true;
            throw new InvocationFailure(InvocationFailure.Kind.ENVIRONMENT_FAILED, name + ": interrupted", e);
        }
    }

    boolean usable() {
        return !dead && process.isAlive();
    }

    String name() {
        return name;
    }

    /** The operating-system processes of this environment: the emulator and the function's JVM under it. */
    List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.descendants().forEach(all::add);
        return all;
    }

    /** When ({@link System#nanoTime()}) each lifecycle step was seen, for tests and the cold-start benchmark. */
    Map<RuntimeApiProxy.Phase, Long> phases() {
        synchronized (phases) {
            return Map.copyOf(phases);
        }
    }

    long startedNanos() {
        return startedNanos;
    }

    ColdStart coldStart() {
        Long ready = phases().get(RuntimeApiProxy.Phase.RUNTIME_READY);
        if (ready == null || firstInvocationAnsweredNanos == 0) {
            throw new IllegalStateException(name + " has not answered a first invocation");
        }
        return new ColdStart(Duration.ofNanos(ready - firstInvocationSentNanos),
                Duration.ofNanos(firstInvocationAnsweredNanos - ready));
    }

    /** Init, from the environment's start until it was restored and ready; zero until then. */
    Duration initDuration() {
        return readyNanos == 0 ? Duration.ZERO : Duration.ofNanos(readyNanos - startedNanos);
    }

    /** Kills the environment's processes, as Lambda ends an environment: no shutdown hook is promised. */
    void kill() {
        dead = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Override
    public void close() {
        kill();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        proxy.close();
        client.close();
    }

    private static void relay(Process process, EarlyOutput output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                output.accept(line);
            }
        } catch (IOException ended) {
            // The process is gone; so is its output.
        } finally {
            output.end();
        }
    }

    /** The emulator's port was taken between choosing it and the emulator binding it. */
    private static final class PortTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortTaken() {
            super(null, null, false, false);
        }
    }

    /**
     * Passes each line on, and keeps the first few, so that an emulator which exits before it listens says why. The
     * lines reach the caller's output as they always do.
     */
    private static final class EarlyOutput implements Consumer<String> {
        private static final int KEPT = 20;
        private final Consumer<String> output;
        private final List<String> lines = new ArrayList<>();
        private final CountDownLatch ended = new CountDownLatch(1);

        EarlyOutput(Consumer<String> output) {
            this.output = output;
        }

        @Override
        public void accept(String line) {
            synchronized (lines) {
                if (lines.size() < KEPT) {
                    lines.add(line);
                }
            }
            output.accept(line);
        }

        void end() {
            ended.countDown();
        }

        /** The kept lines, once the process's output has ended (or after a second, whichever comes first). */
        String awaitEnd() {
            try {
                ended.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package kr.compensation.voucher.localruntime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Sits between the runtime interface client and the Runtime Interface Emulator's Runtime API and passes every call
 * through, except the one part of Lambda's lifecycle the emulator does not serve: SnapStart's restore step.
 *
 * <p>With {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}, the runtime interface client runs the CRaC
 * {@code beforeCheckpoint} hooks after init, then calls {@code GET /2018-06-01/runtime/restore/next} and waits: in
 * Lambda that call returns in the restored environment, after which the client runs the {@code afterRestore} hooks and
 * asks for the first invocation (runtime interface client, AWSLambda#onInitComplete and
 * LambdaRuntimeApiClientImpl#restoreNext; AWS Lambda Developer Guide, "Lambda SnapStart runtime hooks for Java":
 * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html). The emulator answers that path
 * with 404 unless it runs in its init-caching mode, which in turn would hand the function the emulator's own
 * credentials as environment variables; so the restore is answered here, at once, and the lifecycle goes on in
 * Lambda's order. No memory is snapshotted or cloned (see the module README).
 *
 * <p>It also takes the sentinel invocation the environment uses to initialise itself before it is offered requests
 * (see {@link ExecutionEnvironment}): that event is answered here and never reaches the handler.
 */
final class RuntimeApiProxy implements AutoCloseable {

    static final String RESTORE_NEXT = "/2018-06-01/runtime/restore/next";
    static final String INVOCATION_NEXT = "/2018-06-01/runtime/invocation/next";
    /** What the proxy saw of the environment's lifecycle, in order. */
    enum Phase {
        /** The runtime client asked for its first invocation: init is done (Lambda's "Init Duration" ends here). */
        RUNTIME_READY,
        CHECKPOINT_HOOKS_DONE,
        RESTORED,
        /** The sentinel invocation was answered: the environment takes requests from now on. */
        READY_FOR_INVOCATION
    }

    private final HttpServer server;
    // Platform threads: the proxy is the runtime's only way to Lambda; it must not wait for a virtual-thread carrier
    // that another part of the process holds.
    private final ExecutorService executor = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("runtime-api-proxy-", 0).factory());
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI emulatorRuntimeApi;
    private final byte[] sentinel;
    private final Consumer<Phase> lifecycle;

    RuntimeApiProxy(URI emulatorRuntimeApi, byte[] sentinel, Consumer<Phase> lifecycle) throws IOException {
        this.emulatorRuntimeApi = emulatorRuntimeApi;
        this.sentinel = sentinel.clone();
        this.lifecycle = lifecycle;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::pass);
        server.start();
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API} the runtime interface client gets: host and port, no scheme. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void pass(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if ("GET".equals(exchange.getRequestMethod()) && RESTORE_NEXT.equals(path)) {
                lifecycle.accept(Phase.CHECKPOINT_HOOKS_DONE);
                lifecycle.accept(Phase.RESTORED);
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (INVOCATION_NEXT.equals(path)) {
                lifecycle.accept(Phase.RUNTIME_READY);
            }
            HttpResponse<byte[]> response = forward(exchange, path, body);
            if (INVOCATION_NEXT.equals(path)) {
                // The environment's own warm-up event: answered on the handler's behalf, then the real next one.
                while (response.statusCode() == 200 && Arrays.equals(response.body(), sentinel)) {
                    String requestId = response.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
                    send("POST", "/2018-06-01/runtime/invocation/" + requestId + "/response", "{}".getBytes());
                    lifecycle.accept(Phase.READY_FOR_INVOCATION);
                    response = forward(exchange, path, body);
                }
            }
            HttpRelay.answer(exchange, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, String path, byte[] body)
            throws IOException, InterruptedException {
        String query = exchange.getRequestURI().getRawQuery();
        URI target = emulatorRuntimeApi.resolve(path + (query == null ? "" : "?" + query));
        return client.send(HttpRelay.request(target, exchange, body).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private void send(String method, String path, byte[] body) throws IOException, InterruptedException {
        client.send(HttpRequest.newBuilder(emulatorRuntimeApi.resolve(path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        client.close();
    }
}

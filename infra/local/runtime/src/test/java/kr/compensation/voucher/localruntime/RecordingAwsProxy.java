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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A loopback proxy in front of the emulator that records who signed each AWS request, and when. */
final class RecordingAwsProxy implements AutoCloseable {

    record Call(long nanos, String target, String authorization) {

        /** The access key id of a SigV4 {@code Authorization} header: {@code ... Credential=AKID/date/...}. */
        String accessKeyId() {
            int start = authorization == null ? -1 : authorization.indexOf("Credential=");
            return start < 0 ? "" : authorization.substring(start + 11, authorization.indexOf('/', start));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI emulator;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    RecordingAwsProxy(URI emulator) throws IOException {
        this.emulator = emulator;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::forward);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target == null) {
                // SQS's query protocol names the action in the form body.
                String form = new String(body, java.nio.charset.StandardCharsets.UTF_8);
                int action = form.indexOf("Action=");
                target = action < 0 ? exchange.getRequestURI().getPath()
                        : "SQS." + form.substring(action + 7).split("&", 2)[0];
            }
            calls.add(new Call(System.nanoTime(), target, exchange.getRequestHeaders().getFirst("Authorization")));
            HttpRequest request = HttpRelay.request(emulator.resolve(exchange.getRequestURI().toString()), exchange,
                    body).build();
            HttpRelay.answer(exchange, client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        client.close();
    }
}

package kr.compensation.voucher.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * A loopback stand-in for DynamoDB and SSM that answers at once with canned bytes, so the SDK's whole client path runs
 * (marshal, SigV4 signing, HTTP over a kept-alive connection, CRC32 check, unmarshal) without the service's own time.
 * Answers by {@code X-Amz-Target}: GetItem with one eligible customer, UpdateItem with an empty success,
 * GetParameter with the pepper. Anything else is a 400 that names the operation.
 */
public final class CannedAws implements AutoCloseable {

    /** The pepper SSM "holds": 48 fixed bytes, base64. Benchmarks only. */
    public static final String PEPPER_BASE64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v";
    public static final String PEPPER_PARAMETER = "/voucher/customer-key-pepper";
    /** The item every GetItem returns: an eligible customer with an open account who has not claimed yet. */
    public static final String ITEM_KEY = "Bench0000000000000000000000000000000000000A";

    private static final byte[] GET_ITEM = utf8("{\"Item\":{\"pk\":{\"S\":\"" + ITEM_KEY + "\"},"
            + "\"eligible\":{\"BOOL\":true},\"accountState\":{\"S\":\"ACTIVE\"}}}");
    private static final byte[] UPDATE_ITEM = utf8("{}");
    private static final byte[] GET_PARAMETER = utf8("{\"Parameter\":{\"Name\":\"" + PEPPER_PARAMETER + "\","
            + "\"Type\":\"SecureString\",\"Value\":\"" + PEPPER_BASE64 + "\",\"Version\":1,"
            + "\"ARN\":\"arn:aws:ssm:ap-northeast-2:000000000000:parameter" + PEPPER_PARAMETER + "\"}}");
    private static final String DYNAMODB_JSON = "application/x-amz-json-1.0";
    private static final String SSM_JSON = "application/x-amz-json-1.1";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();

    private CannedAws(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on 127.0.0.1 on a free port. */
    public static CannedAws start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
            Thread thread = new Thread(runnable, "canned-aws");
            thread.setDaemon(true);
            return thread;
        });
        CannedAws aws = new CannedAws(server, executor);
        server.setExecutor(executor);
        server.createContext("/", aws::answer);
        server.start();
        return aws;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Requests answered so far, by operation (e.g. {@code DynamoDB_20120810.GetItem}). */
    public Map<String, Long> requests() {
        Map<String, Long> copy = new TreeMap<>();
        requests.forEach((operation, count) -> copy.put(operation, count.get()));
        return copy;
    }

    public long requests(String operationSuffix) {
        return requests.entrySet().stream().filter(e -> e.getKey().endsWith(operationSuffix))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            // Read the whole request, as a service would, so the connection stays usable for the next one.
            in.transferTo(OutputStream.nullOutputStream());
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            requests.computeIfAbsent(String.valueOf(target), t -> new AtomicLong()).incrementAndGet();
            if (target == null) {
                send(exchange, 400, DYNAMODB_JSON, utf8("{\"__type\":\"UnknownOperationException\"}"));
            } else if (target.endsWith(".GetItem")) {
                send(exchange, 200, DYNAMODB_JSON, GET_ITEM);
            } else if (target.endsWith(".UpdateItem")) {
                send(exchange, 200, DYNAMODB_JSON, UPDATE_ITEM);
            } else if (target.endsWith(".GetParameter")) {
                send(exchange, 200, SSM_JSON, GET_PARAMETER);
            } else {
                send(exchange, 400, DYNAMODB_JSON,
                        utf8("{\"__type\":\"UnknownOperationException\",\"message\":\"not canned: " + target + "\"}"));
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(body);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        // DynamoDB's client checks this header against the body; a wrong value fails the call.
        exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(crc.getValue()));
        exchange.getResponseHeaders().set("x-amzn-RequestId", "canned");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

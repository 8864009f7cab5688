package kr.compensation.voucher.localruntime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The execution role's credentials as Lambda serves them to a SnapStart function: an HTTP endpoint on loopback whose
 * address is in {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}, answering only requests whose {@code Authorization}
 * header carries the value of {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}.
 *
 * <ul>
 *   <li>SnapStart functions get these two variables instead of access keys (AWS Lambda Developer Guide,
 *       https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials).</li>
 *   <li>The request and the answer's shape ({@code AccessKeyId}, {@code SecretAccessKey}, {@code Token},
 *       {@code Expiration}) are those of the container credential provider (AWS SDKs and Tools Reference Guide,
 *       https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html).</li>
 *   <li>The path {@code /2021-04-23/credentials} is the one Lambda's own emulator serves them on (the Runtime
 *       Interface Emulator's init-caching environment, rapidcore/env/environment.go).</li>
 * </ul>
 *
 * The keys are made up per endpoint: the emulator accepts any, and a test can tell from a request's signature that it
 * was signed with exactly these.
 */
public final class CredentialsEndpoint implements AutoCloseable {

    static final String PATH = "/2021-04-23/credentials";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One request as the endpoint saw it. */
    public record Request(String path, String authorization) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final String token = "local-" + hex(24);
    private final String accessKeyId = "ASIALOCAL" + hex(6).toUpperCase(java.util.Locale.ROOT);
    private final String secretAccessKey = hex(20);
    private final String sessionToken = "local-session-" + hex(32);
    private final Duration validity;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private CredentialsEndpoint(Duration validity) throws IOException {
        this.validity = validity;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::answer);
        server.start();
    }

    /** Hands out credentials valid for six hours (far longer than any local run needs a refresh). */
    public static CredentialsEndpoint start() throws IOException {
        return new CredentialsEndpoint(Duration.ofHours(6));
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            requests.add(new Request(exchange.getRequestURI().getPath(), authorization));
            if (!"GET".equals(exchange.getRequestMethod()) || !PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "{\"message\":\"not found\"}");
            } else if (!token.equals(authorization)) {
                send(exchange, 401, "{\"message\":\"bad authorization token\"}");
            } else {
                send(exchange, 200, "{\"AccessKeyId\":\"" + accessKeyId + "\",\"SecretAccessKey\":\"" + secretAccessKey
                        + "\",\"Token\":\"" + sessionToken + "\",\"Expiration\":\""
                        + Instant.now().plus(validity).truncatedTo(ChronoUnit.SECONDS) + "\"}");
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** The value of {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** The value of {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}. */
    public String token() {
        return token;
    }

    /** The access key id every answer hands out; a request signed with it got its credentials here. */
    public String accessKeyId() {
        return accessKeyId;
    }

    String secretAccessKey() {
        return secretAccessKey;
    }

    String sessionToken() {
        return sessionToken;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}

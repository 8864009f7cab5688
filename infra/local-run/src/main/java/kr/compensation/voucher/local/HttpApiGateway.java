package kr.compensation.voucher.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.locallambda.LocalLambdaContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback stand-in for API Gateway's HTTP API (payload format 2.0): it matches the request to a route, runs that
 * route's JWT authorizer, builds the event API Gateway would build, invokes the function in-process and writes its
 * response back. The function code is the very handler Lambda runs.
 *
 * <p>One known difference: API Gateway answers a refused token with its own {@code {"message":"Unauthorized"}}; this
 * gateway answers problem+json, like the rest of the API.
 */
public final class HttpApiGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiGateway.class);
    /** HTTP API payload quota is 10 MB; nothing of ours takes more than a few bytes, so refuse early. */
    private static final int MAX_BODY_BYTES = 64 * 1024;
    /** LookupFunction's timeout in template.yaml; the handler only reads it as its deadline. */
    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(10);
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final String UNAUTHORIZED = "{\"type\":\"https://voucher.example.com/problems/unauthorized\","
            + "\"title\":\"Unauthorized\",\"status\":401,"
            + "\"detail\":\"A valid bearer token from a trusted issuer is required.\"}";

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile List<HttpApiRoute> routes;
    private final BiFunction<APIGatewayV2HTTPEvent, Context, APIGatewayV2HTTPResponse> function;

    private HttpApiGateway(HttpServer server, ExecutorService executor, List<HttpApiRoute> routes,
                           BiFunction<APIGatewayV2HTTPEvent, Context, APIGatewayV2HTTPResponse> function) {
        this.server = server;
        this.executor = executor;
        this.routes = List.copyOf(routes);
        this.function = function;
    }

    /**
     * @param routes   the declared routes; everything else goes to the {@code $default} route, without authorizer
     * @param function the Lambda handler behind every route
     */
    public static HttpApiGateway start(String host, int port, List<HttpApiRoute> routes,
                                       BiFunction<APIGatewayV2HTTPEvent, Context, APIGatewayV2HTTPResponse> function)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 1024);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        HttpApiGateway gateway = new HttpApiGateway(server, executor, routes, function);
        server.setExecutor(executor);
        server.createContext("/", gateway::handle);
        server.start();
        return gateway;
    }

    /** Sets the routes once the authorizers exist (they need the bound port for their issuer URLs). */
    public void routes(List<HttpApiRoute> declared) {
        this.routes = List.copyOf(declared);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    // ---- Outside the API (issue 15): CloudFront sends every path but /v1/* to the customer page's S3 origin.
    /** Sends every request whose path is not under {@code /v1/} to {@code outside} instead of the API's routes. */
    public void serveOutsideApi(HttpHandler outside) {
        server.removeContext("/");
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/v1") || path.startsWith("/v1/")) {
                handle(exchange);
            } else {
                outside.handle(exchange);
            }
        });
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange);
            if (body == null) {
                respond(exchange, 413, Map.of("content-type", "application/problem+json"),
                        "{\"type\":\"https://voucher.example.com/problems/bad-request\",\"title\":\"Payload Too Large\","
                                + "\"status\":413}");
                return;
            }
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            HttpApiRoute route = match(method, path);
            Map<String, String> claims = null;
            if (route != null && route.authorizer() != null) {
                Optional<Map<String, String>> authorized =
                        route.authorizer().authorize(exchange.getRequestHeaders().getFirst("Authorization"));
                if (authorized.isEmpty()) {
                    // The headers every problem of the API carries (docs/api/openapi.yaml), so that a client
                    // tested against the local run sees the documented shape; the text is English.
                    respond(exchange, 401, Map.of("content-type", "application/problem+json",
                            "www-authenticate", "Bearer", "cache-control", "no-store", "content-language", "en"),
                            UNAUTHORIZED);
                    return;
                }
                claims = authorized.get();
            }
            APIGatewayV2HTTPEvent event = event(exchange, method, path, route, claims, body);
            APIGatewayV2HTTPResponse response = function.apply(event,
                    new LocalLambdaContext("LookupFunction", LocalAws.DEFAULT_REGION.id(), FUNCTION_TIMEOUT));
            writeResponse(exchange, response);
        } catch (RuntimeException e) {
            // API Gateway turns a failed invocation into 500 {"message":"Internal Server Error"}.
            LOG.error("invocation failed", e);
            respond(exchange, 500, Map.of("content-type", "application/json"), "{\"message\":\"Internal Server Error\"}");
        }
    }

    private HttpApiRoute match(String method, String path) {
        for (HttpApiRoute route : routes) {
            if (route.method().equals(method) && route.path().equals(path)) {
                return route;
            }
        }
        return null;
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    private static APIGatewayV2HTTPEvent event(HttpExchange exchange, String method, String path, HttpApiRoute route,
                                               Map<String, String> claims, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                for (String value : header.getValue()) {
                    for (String cookie : value.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.trim());
                        }
                    }
                }
                continue;
            }
            headers.put(name, String.join(",", header.getValue()));
        }
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Instant now = Instant.now();
        String routeKey = route != null ? route.routeKey() : "$default";
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        APIGatewayV2HTTPEvent.RequestContext.RequestContextBuilder context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId("000000000000")
                .withApiId("local")
                .withDomainName(headers.getOrDefault("host", "127.0.0.1"))
                .withDomainPrefix("local")
                .withRequestId(UUID.randomUUID().toString())
                .withRouteKey(routeKey)
                .withStage("$default")
                .withTime(REQUEST_TIME.format(now))
                .withTimeEpoch(now.toEpochMilli())
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                        .withMethod(method)
                        .withPath(path)
                        .withProtocol(exchange.getProtocol())
                        .withSourceIp(sourceIp)
                        .withUserAgent(headers.getOrDefault("user-agent", ""))
                        .build());
        if (claims != null) {
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                            .withClaims(claims)
                            .withScopes(null)
                            .build())
                    .build());
        }
        boolean text = isText(headers.get("content-type"));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withRawQueryString(rawQuery != null ? rawQuery : "")
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(query(rawQuery))
                .withRequestContext(context.build())
                .withBody(body.length == 0 ? null
                        : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(body.length > 0 && !text)
                .build();
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.startsWith("application/x-www-form-urlencoded");
    }

    private static Map<String, String> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            // API Gateway joins repeated parameters with commas.
            params.merge(name, value, (a, b) -> a + "," + b);
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    private static void writeResponse(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        Headers out = exchange.getResponseHeaders();
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((k, values) -> values.forEach(v -> out.add(k, v)));
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(c -> out.add("set-cookie", c));
        }
        String body = response.getBody();
        byte[] bytes = body == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        // API Gateway defaults the content type of a v2 response with a body to JSON.
        if (!headers.containsKey("content-type") && bytes.length > 0) {
            headers.put("content-type", "application/json");
        }
        headers.forEach(out::set);
        send(exchange, response.getStatusCode(), bytes);
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        headers.forEach(exchange.getResponseHeaders()::set);
        send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        boolean noBody = bytes.length == 0 || "HEAD".equals(exchange.getRequestMethod()) || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length);
        if (!noBody) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
        }
    }
}

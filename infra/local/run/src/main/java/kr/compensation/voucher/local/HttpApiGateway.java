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
 * <p>Each behaviour copied from API Gateway names its AWS page beside the code: [JWT]
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html, [JWT-TS]
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html, [PAYLOAD]
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html, [QUOTAS]
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html. What it does not copy is listed
 * in infra/local/run/README.md.
 */
public final class HttpApiGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiGateway.class);
    /** [QUOTAS] "Payload size: 10 MB", not adjustable. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** [QUOTAS] "Total combined size of request line and header values: 10240 bytes", not adjustable. */
    public static final int MAX_REQUEST_LINE_AND_HEADER_BYTES = 10_240;
    /** [JWT-TS]: the body of the authorizer's refusal, whatever the request's Accept or Accept-Language. */
    static final String GATEWAY_UNAUTHORIZED = "{\"message\":\"Unauthorized\"}";
    /** LookupFunction's timeout in template.yaml; the handler only reads it as its deadline. */
    private static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(10);
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

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
            String requestId = UUID.randomUUID().toString();
            // [JWT-TS] shows API Gateway's answers carrying apigw-requestid; every answer here does.
            exchange.getResponseHeaders().set("apigw-requestid", requestId);
            if (requestLineAndHeaderBytes(exchange) > MAX_REQUEST_LINE_AND_HEADER_BYTES) {
                // [QUOTAS] gives the limit, not the answer: status and body are this stand-in's (README).
                respond(exchange, 431, Map.of("content-type", "application/json"),
                        "{\"message\":\"Request Header Fields Too Large\"}");
                return;
            }
            byte[] body = readBody(exchange);
            if (body == null) {
                // [QUOTAS] gives the limit, not the answer: status and body are this stand-in's (README).
                respond(exchange, 413, Map.of("content-type", "application/json"),
                        "{\"message\":\"Request Entity Too Large\"}");
                return;
            }
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            HttpApiRoute route = match(method, path);
            Map<String, String> claims = null;
            if (route != null && route.authorizer() != null) {
                // [PAYLOAD] "Duplicate headers are combined with commas": the identity source
                // $request.header.Authorization sees them joined, so two Authorization headers are one bad token.
                List<String> authorization = exchange.getRequestHeaders().get("Authorization");
                JwtAuthorizer.Decision decision = route.authorizer()
                        .decide(authorization == null ? null : String.join(",", authorization));
                if (!decision.allowed()) {
                    // [JWT-TS]: 401 {"message":"Unauthorized"} with a www-authenticate header naming the error.
                    respond(exchange, 401, Map.of("content-type", "application/json",
                            "www-authenticate", "Bearer scope=\"\" error=\"invalid_token\" error_description=\""
                                    + decision.refusal() + "\""), GATEWAY_UNAUTHORIZED);
                    return;
                }
                claims = decision.claims();
            }
            APIGatewayV2HTTPEvent event = event(exchange, method, path, route, claims, body, requestId);
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

    /** [QUOTAS]: the request line and the header values count; names and separators do not. */
    private static long requestLineAndHeaderBytes(HttpExchange exchange) {
        long bytes = (exchange.getRequestMethod() + " " + exchange.getRequestURI().toString() + " "
                + exchange.getProtocol()).getBytes(StandardCharsets.UTF_8).length;
        for (List<String> values : exchange.getRequestHeaders().values()) {
            for (String value : values) {
                bytes += value.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return bytes;
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    private static APIGatewayV2HTTPEvent event(HttpExchange exchange, String method, String path, HttpApiRoute route,
                                               Map<String, String> claims, byte[] body, String requestId) {
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
            // [PAYLOAD] "Duplicate headers are combined with commas and included in the headers field."
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
                .withRequestId(requestId)
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

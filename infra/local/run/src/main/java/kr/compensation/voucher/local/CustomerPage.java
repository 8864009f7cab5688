package kr.compensation.voucher.local;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import kr.compensation.voucher.domain.IssuerRole;

/**
 * Serves what CloudFront serves from the page's S3 origin in AWS: every path outside the API's {@code /v1/*}. The
 * files are the ones the deploy step uploads (infra/web/customer-page/), read from disk on each request, so an edit
 * shows on reload. {@code /config.json}, which the upload step writes from the stack's CustomerPageConfig output,
 * is made here from this run's settings. Requests under {@code /local-idp/} go to the local identity providers.
 *
 * <p>Every answer carries the headers of the template's response-headers policy (CustomerPageHeadersPolicy).
 */
final class CustomerPage implements HttpHandler {

    /** Same directives as CustomerPageHeadersPolicy; locally the token endpoints are this origin, so 'self' covers them. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "json", "application/json");

    private final Path root;
    private final LocalOpenIdProvider openId;
    private final byte[] config;

    CustomerPage(Path root, LocalOpenIdProvider openId, String config) {
        this.root = root.toAbsolutePath().normalize();
        this.openId = openId;
        this.config = config.getBytes(StandardCharsets.UTF_8);
    }

    /** The page's settings: what the template's CustomerPageConfig output holds in AWS. */
    static String config(LocalIdentityProviders providers, Instant opensAt) {
        Map<String, Object> providerSettings = new LinkedHashMap<>();
        for (IssuerRole role : IssuerRole.values()) {
            String issuer = providers.issuer(role);
            providerSettings.put(role.code(), Map.of(
                    "authorizationEndpoint", issuer + "/authorize",
                    "tokenEndpoint", issuer + "/token",
                    "clientId", LocalOpenIdProvider.CLIENT_ID));
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("opensAt", opensAt.atOffset(ZoneOffset.ofHours(9)).toString());
        config.put("apiBase", "");
        config.put("providers", providerSettings);
        return JSONObjectUtils.toJSONString(config);
    }

    /** The headers the template's response-headers policy adds to every answer of the distribution. */
    static void securityHeaders(Headers headers) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        // Browsers ignore HSTS over plain http (RFC 6797 8.1); it is sent anyway so the headers match AWS.
        headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.startsWith("/local-idp/") && openId.handle(exchange)) {
                return;
            }
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            // The page's behaviour allows GET and HEAD only (template.yaml); CloudFront answers any other method 403
            // ("HTTP 403 status code (Invalid method)",
            // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-403-invalid-method.html).
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 403, "text/plain; charset=utf-8", "forbidden".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.equals("/config.json")) {
                send(exchange, 200, TYPES.get("json"), config);
                return;
            }
            // DefaultRootObject index.html: CloudFront serves it for the root URL only ("Specify a default root
            // object", https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DefaultRootObject.html).
            Path file = path.equals("/") ? root.resolve("index.html") : resolve(path);
            String type = file == null ? null : TYPES.get(extension(file));
            if (type == null || !Files.isRegularFile(file)) {
                // CloudFront may only s3:GetObject, not s3:ListBucket, so S3 answers a missing key 403, not 404
                // (GetObject, "Permissions": https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).
                send(exchange, 403, "text/plain; charset=utf-8", "forbidden".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(exchange, 200, type, Files.readAllBytes(file));
        }
    }

    /** A file under the page's folder, never outside it. */
    private Path resolve(String rawPath) {
        if (rawPath.contains("%") || rawPath.contains("\\") || rawPath.contains("..")) {
            return null;
        }
        Path file = root.resolve(rawPath.substring(1)).normalize();
        return file.startsWith(root) ? file : null;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type);
        // As the upload step sets on every object (docs/deploy.md): revalidate each time.
        headers.set("Cache-Control", "no-cache");
        securityHeaders(headers);
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}

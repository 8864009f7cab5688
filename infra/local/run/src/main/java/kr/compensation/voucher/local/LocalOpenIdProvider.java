package kr.compensation.voucher.local;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import kr.compensation.voucher.domain.IssuerRole;

/**
 * The OpenID Connect side of the two local identity providers, what the customer page needs of them: discovery, an
 * authorization endpoint whose login page lets one pick a demo customer, a token endpoint that checks PKCE, and the
 * JWKS. Only the authorization code flow with PKCE S256 for one public client (the page) is offered, as the page
 * uses nothing else. Each rule cites the specification section it follows: OpenID Connect Core 1.0 ("Core"),
 * OpenID Connect Discovery 1.0 ("Discovery"), RFC 6749 (OAuth 2.0) and RFC 7636 (PKCE).
 *
 * <p>Paths, under each issuer {@code /local-idp/<role>}: {@code /.well-known/openid-configuration}, {@code /authorize},
 * {@code /token}, {@code /jwks.json}.
 */
final class LocalOpenIdProvider {

    /** The customer page's client id at both local providers (a template parameter in AWS). */
    static final String CLIENT_ID = "customer-page-local";
    /** RFC 6749 4.1.2: "A maximum authorization code lifetime of 10 minutes is RECOMMENDED"; a minute is plenty here. */
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(1);
    /** Access tokens as short as a real sign-in's: a claim takes seconds. */
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
    /** RFC 7636 4.1: code_verifier = 43*128unreserved. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    /** RFC 7636 4.2: the S256 challenge is BASE64URL(SHA256(verifier)), 43 characters without padding. */
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private record Grant(IssuerRole role, String subject, String redirectUri, String challenge, String nonce,
                         Instant expiresAt) {
    }

    private final LocalIdentityProviders keys;
    private final String redirectUri;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** @param redirectUri the one redirection URI registered for the page (Core 3.1.2.1: exact match) */
    LocalOpenIdProvider(LocalIdentityProviders keys, String redirectUri) {
        this.keys = keys;
        this.redirectUri = redirectUri;
    }

    /** Answers a request under {@code /local-idp/}; false when the path is none of the provider's. */
    boolean handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        for (IssuerRole role : IssuerRole.values()) {
            String prefix = "/local-idp/" + role.code();
            if (!path.startsWith(prefix + "/")) {
                continue;
            }
            String method = exchange.getRequestMethod();
            switch (path.substring(prefix.length())) {
                case "/.well-known/openid-configuration" -> {
                    return get(exchange, method) && json(exchange, 200, discovery(role));
                }
                case "/jwks.json" -> {
                    return get(exchange, method) && json(exchange, 200, keys.publicKeys().toString(true));
                }
                case "/authorize" -> {
                    return authorize(exchange, role, method);
                }
                case "/token" -> {
                    return token(exchange, role, method);
                }
                default -> {
                    return false;
                }
            }
        }
        return false;
    }

    /** Discovery 3 (provider metadata) and RFC 8414 2 for code_challenge_methods_supported. */
    private String discovery(IssuerRole role) {
        String issuer = keys.issuer(role);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("authorization_endpoint", issuer + "/authorize");
        doc.put("token_endpoint", issuer + "/token");
        doc.put("jwks_uri", issuer + "/jwks.json");
        doc.put("response_types_supported", List.of("code"));
        doc.put("grant_types_supported", List.of("authorization_code"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("scopes_supported", List.of("openid"));
        // A public client (a page) cannot keep a secret: RFC 6749 2.1, so PKCE (RFC 7636) instead.
        doc.put("token_endpoint_auth_methods_supported", List.of("none"));
        doc.put("code_challenge_methods_supported", List.of("S256"));
        return JSONObjectUtils.toJSONString(doc);
    }

    // ------------------------------------------------------------------ authorization endpoint (Core 3.1.2)

    private boolean authorize(HttpExchange exchange, IssuerRole role, String method) throws IOException {
        Map<String, String> params;
        if (method.equals("GET")) {
            params = form(exchange.getRequestURI().getRawQuery());
        } else if (method.equals("POST")) {
            params = form(body(exchange));
        } else {
            exchange.getResponseHeaders().set("Allow", "GET, POST");
            return send(exchange, 405, "text/plain; charset=utf-8", "method not allowed");
        }
        // RFC 6749 4.1.2.1: with a wrong client_id or redirect_uri the provider must not redirect; it tells the user.
        if (!CLIENT_ID.equals(params.get("client_id")) || !redirectUri.equals(params.get("redirect_uri"))) {
            return send(exchange, 400, "text/html; charset=utf-8",
                    page("Sign-in refused", "<p>Unknown client_id or redirect_uri: open the page at <a href=\""
                            + escape(redirectUri) + "\">" + escape(redirectUri) + "</a>, the one address registered"
                            + " with the local providers.</p>"));
        }
        // Core 3.1.2.2 / RFC 6749 4.1.1: response_type=code and the openid scope; RFC 7636 4.4.1: a challenge is
        // required here and only S256 is accepted (4.2: plain only if S256 is impossible, never for a browser).
        String error = null;
        if (!"code".equals(params.get("response_type"))) {
            error = "unsupported_response_type";
        } else if (!List.of(params.getOrDefault("scope", "").split(" ")).contains("openid")) {
            error = "invalid_scope";
        } else if (!"S256".equals(params.get("code_challenge_method"))
                || !CHALLENGE.matcher(params.getOrDefault("code_challenge", "")).matches()) {
            error = "invalid_request";
        }
        if (error != null) {
            // RFC 6749 4.1.2.1: other errors go back to the client, with its state.
            return redirect(exchange, Map.of("error", error, "state", params.getOrDefault("state", "")));
        }
        if (method.equals("GET")) {
            return send(exchange, 200, "text/html; charset=utf-8", picker(role, params));
        }
        String subject = params.get("subject");
        Optional<DemoCustomers.Demo> demo = DemoCustomers.ALL.stream()
                .filter(d -> d.role() == role && d.subject().equals(subject)).findFirst();
        if (demo.isEmpty()) {
            return redirect(exchange, Map.of("error", "access_denied", "state", params.getOrDefault("state", "")));
        }
        String code = randomToken();
        codes.put(code, new Grant(role, subject, redirectUri, params.get("code_challenge"), params.get("nonce"),
                Instant.now().plus(CODE_LIFETIME)));
        // Core 3.1.2.5: the code and the unchanged state go back to the redirect URI.
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("code", code);
        if (params.containsKey("state")) {
            answer.put("state", params.get("state"));
        }
        return redirect(exchange, answer);
    }

    /** The stand-in for the provider's login screen: a button per demo customer of this provider. */
    private String picker(IssuerRole role, Map<String, String> params) {
        boolean english = params.getOrDefault("ui_locales", "ko").startsWith("en");
        StringBuilder form = new StringBuilder();
        form.append("<p>").append(english ? "Local test provider. Pick a demo customer:"
                : "로컬 테스트용 인증입니다. 데모 고객을 고르세요:").append("</p>");
        form.append("<form method=\"post\" action=\"").append(escape(keys.issuer(role))).append("/authorize\">");
        for (String name : List.of("response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
                "code_challenge", "code_challenge_method", "ui_locales")) {
            if (params.containsKey(name)) {
                form.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                        .append(escape(params.get(name))).append("\">");
            }
        }
        for (DemoCustomers.Demo demo : DemoCustomers.ALL) {
            if (demo.role() == role) {
                form.append("<p><button type=\"submit\" name=\"subject\" value=\"").append(escape(demo.subject()))
                        .append("\">").append(escape(demo.subject())).append("</button> ")
                        .append(escape(demo.description())).append("</p>");
            }
        }
        form.append("</form>");
        String title = role == IssuerRole.SIGN_IN ? (english ? "Sign in" : "로그인")
                : (english ? "Identity verification" : "본인인증");
        return page(title + " (local)", form.toString());
    }

    private static String page(String title, String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title)
                + "</title></head><body><main><h1>" + escape(title) + "</h1>" + body + "</main></body></html>";
    }

    // ------------------------------------------------------------------ token endpoint (Core 3.1.3)

    private boolean token(HttpExchange exchange, IssuerRole role, String method) throws IOException {
        if (!method.equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            return send(exchange, 405, "text/plain; charset=utf-8", "method not allowed");
        }
        Map<String, String> params = form(body(exchange));
        if (!"authorization_code".equals(params.get("grant_type"))) {
            return tokenError(exchange, "unsupported_grant_type");
        }
        // RFC 6749 4.1.2: "The client MUST NOT use the authorization code more than once": removed on first use.
        Grant grant = codes.remove(params.getOrDefault("code", ""));
        String verifier = params.getOrDefault("code_verifier", "");
        if (grant == null || grant.role() != role || Instant.now().isAfter(grant.expiresAt())
                // RFC 6749 4.1.3: the client_id and the same redirect_uri as in the authorization request.
                || !CLIENT_ID.equals(params.get("client_id")) || !grant.redirectUri().equals(params.get("redirect_uri"))
                // RFC 7636 4.5 and 4.6: the verifier must hash to the challenge, else invalid_grant.
                || !VERIFIER.matcher(verifier).matches() || !grant.challenge().equals(s256(verifier))) {
            return tokenError(exchange, "invalid_grant");
        }
        Instant now = Instant.now();
        // Core 2 and 3.1.3.3: the ID token for the client, with the nonce of the request.
        JWTClaimsSet.Builder id = new JWTClaimsSet.Builder()
                .issuer(keys.issuer(role)).subject(grant.subject()).audience(CLIENT_ID)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
                .jwtID(UUID.randomUUID().toString());
        if (grant.nonce() != null) {
            id.claim("nonce", grant.nonce());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", keys.mint(role, grant.subject(), TOKEN_LIFETIME));
        answer.put("token_type", "Bearer");
        answer.put("expires_in", TOKEN_LIFETIME.toSeconds());
        answer.put("id_token", keys.sign(id.build()));
        // Core 3.1.3.3 / RFC 6749 5.1: tokens are never cached.
        exchange.getResponseHeaders().set("Pragma", "no-cache");
        return json(exchange, 200, JSONObjectUtils.toJSONString(answer));
    }

    /** RFC 6749 5.2: an error response is 400 with a JSON {@code error}. */
    private static boolean tokenError(HttpExchange exchange, String error) throws IOException {
        return json(exchange, 400, "{\"error\":\"" + error + "\"}");
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // ------------------------------------------------------------------ HTTP plumbing

    private boolean redirect(HttpExchange exchange, Map<String, String> params) throws IOException {
        StringBuilder location = new StringBuilder(redirectUri).append('?');
        params.forEach((k, v) -> location.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        location.setLength(location.length() - 1);
        exchange.getResponseHeaders().set("Location", location.toString());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(303, -1);
        return true;
    }

    private static boolean get(HttpExchange exchange, String method) throws IOException {
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET");
        send(exchange, 405, "text/plain; charset=utf-8", "method not allowed");
        return false;
    }

    private static boolean json(HttpExchange exchange, int status, String body) throws IOException {
        return send(exchange, status, "application/json", body);
    }

    private static boolean send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        CustomerPage.securityHeaders(exchange.getResponseHeaders());
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        return true;
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(16 * 1024);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                // RFC 6749 3.1: parameters must not be repeated; the first one counts, a repeat is ignored.
                params.putIfAbsent(name, value);
            } catch (IllegalArgumentException ignored) {
                // Not valid percent-encoding: the parameter is left out, and its check fails.
            }
        }
        return params;
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

package kr.compensation.voucher.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Needs nothing running but a loopback port: the API Gateway stand-in with one authorized route in front of a
 * recording function, over real HTTP, and docs/api/openapi.yaml read from the repository. It holds the stand-in's
 * refusals to what API Gateway documents and the document to the same answers.
 */
class HttpApiGatewayTest {

    private static final String ISSUER = "http://127.0.0.1/local-idp/sign-in";
    private static final String AUDIENCE = "voucher-api-local";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final List<APIGatewayV2HTTPEvent> INVOKED = new CopyOnWriteArrayList<>();

    private static RSAKey key;
    private static HttpApiGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        JwtAuthorizer authorizer = new JwtAuthorizer(ISSUER, AUDIENCE, new JWKSet(key.toPublicJWK()));
        gateway = HttpApiGateway.start("127.0.0.1", 0,
                List.of(new HttpApiRoute("GET", "/v1/eligibility", authorizer)), (event, context) -> {
                    INVOKED.add(event);
                    APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
                    response.setStatusCode(200);
                    response.setHeaders(Map.of("content-type", "application/json", "cache-control", "no-store"));
                    response.setBody("{}");
                    return response;
                });
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String token(Instant issuedAt) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT)
                .build(), new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("customer-1")
                .issueTime(Date.from(issuedAt)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String validToken() throws Exception {
        return token(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    private static HttpResponse<String> get(String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.port() + "/v1/eligibility")).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** API Gateway's own refusal, as the troubleshooting page of HTTP API JWT authorizers shows it. */
    private static void assertGatewayUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(value -> assertThat(value)
                .startsWith("Bearer scope=\"\" error=\"invalid_token\" error_description=\""));
        assertThat(response.headers().firstValue("apigw-requestid")).isPresent();
        assertThat(response.headers().firstValue("content-language")).isEmpty();
    }

    @Test
    @DisplayName("a refused token gets API Gateway's own 401 in English, whatever Accept-Language asks")
    void refusedToken_getsTheGatewaysOwn401() throws Exception {
        int before = INVOKED.size();

        assertGatewayUnauthorized(get("Authorization", "Bearer not.a.jwt", "Accept-Language", "ko"));
        assertGatewayUnauthorized(get());
        assertThat(INVOKED).hasSize(before);
    }

    @Test
    @DisplayName("a token issued a year from now is refused: iat must lie before the current time")
    void tokenIssuedInTheFuture_isRefused() throws Exception {
        assertGatewayUnauthorized(get("Authorization", "Bearer " + token(Instant.now().plus(365, ChronoUnit.DAYS))));
    }

    @Test
    @DisplayName("two Authorization headers are joined with a comma and fail the authorizer, whichever comes first")
    void twoAuthorizationHeaders_areRefused() throws Exception {
        String valid = validToken();
        int before = INVOKED.size();

        assertGatewayUnauthorized(get("Authorization", "Bearer " + valid, "Authorization", "garbage"));
        assertGatewayUnauthorized(get("Authorization", "Bearer " + valid, "Authorization", "Bearer " + valid));
        assertThat(INVOKED).hasSize(before);
    }

    @Test
    @DisplayName("a valid token reaches the function; repeated headers arrive joined with commas")
    void validToken_reachesTheFunction_withRepeatedHeadersJoined() throws Exception {
        HttpResponse<String> response = get("Authorization", "Bearer " + validToken(), "X-Probe", "a", "X-Probe", "b");

        assertThat(response.statusCode()).isEqualTo(200);
        APIGatewayV2HTTPEvent event = INVOKED.getLast();
        assertThat(event.getHeaders()).containsEntry("x-probe", "a,b");
        assertThat(event.getRequestContext().getAuthorizer().getJwt().getClaims()).containsEntry("sub", "customer-1");
        assertThat(event.getRequestContext().getRequestId())
                .isEqualTo(response.headers().firstValue("apigw-requestid").orElseThrow());
    }

    @Test
    @DisplayName("request line and header values over 10,240 bytes are refused before the authorizer; at the limit "
            + "they pass")
    void headersOverTheQuota_areRefused() throws Exception {
        String token = "Bearer " + validToken();
        // Request line, token, and the Host and User-Agent the JDK client adds; anything else it adds only makes "over"
        // larger, and "under" keeps 200 bytes of room for it.
        int fixed = ("GET /v1/eligibility HTTP/1.1").length() + token.length()
                + ("127.0.0.1:" + gateway.port()).length() + ("Java-http-client/" + System.getProperty("java.version")).length();
        int room = HttpApiGateway.MAX_REQUEST_LINE_AND_HEADER_BYTES - fixed;

        HttpResponse<String> over = get("Authorization", token, "X-Padding", "p".repeat(room + 1));
        HttpResponse<String> under = get("Authorization", token, "X-Padding", "p".repeat(room - 200));

        assertThat(over.statusCode()).isEqualTo(431);
        assertThat(over.body()).isEqualTo("{\"message\":\"Request Header Fields Too Large\"}");
        assertThat(under.statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("docs/api/openapi.yaml documents exactly this 401: API Gateway's body, its WWW-Authenticate, "
            + "no required Cache-Control or Content-Language")
    @SuppressWarnings("unchecked")
    void openApiDocument_describesTheGateways401() throws Exception {
        Map<String, Object> document;
        try (Reader reader = Files.newBufferedReader(repositoryFile("docs/api/openapi.yaml"))) {
            document = new Yaml().load(reader);
        }
        Map<String, Object> components = (Map<String, Object>) document.get("components");
        Map<String, Object> unauthorized = (Map<String, Object>) ((Map<String, Object>) components.get("responses"))
                .get("Unauthorized");
        Map<String, Object> json = (Map<String, Object>) ((Map<String, Object>) unauthorized.get("content"))
                .get("application/json");
        Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) components.get("schemas"))
                .get(((String) ((Map<String, Object>) json.get("schema")).get("$ref")).replace("#/components/schemas/", ""));
        Map<String, Object> headers = (Map<String, Object>) unauthorized.get("headers");
        Map<String, Object> wwwAuthenticate = (Map<String, Object>) ((Map<String, Object>) components.get("headers"))
                .get("WwwAuthenticate");
        String pattern = (String) ((Map<String, Object>) wwwAuthenticate.get("schema")).get("pattern");
        HttpResponse<String> refused = get("Authorization", "Bearer not.a.jwt");

        assertThat(schema.get("required")).isEqualTo(List.of("message"));
        assertThat(schema.get("additionalProperties")).isEqualTo(false);
        assertThat(((Map<String, Object>) ((Map<String, Object>) schema.get("properties")).get("message")).get("const"))
                .isEqualTo("Unauthorized");
        assertThat(((Map<String, Object>) headers.get("Cache-Control")).get("required")).isEqualTo(false);
        assertThat(((Map<String, Object>) headers.get("Content-Language")).get("required")).isEqualTo(false);
        assertThat(Pattern.compile(pattern).matcher(refused.headers().firstValue("www-authenticate").orElseThrow())
                .matches()).isTrue();
        assertThat(Pattern.compile(pattern).matcher("Bearer").matches()).as("the service's own 401").isTrue();
    }

    private static Path repositoryFile(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}

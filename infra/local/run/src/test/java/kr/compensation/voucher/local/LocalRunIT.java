package kr.compensation.voucher.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kr.compensation.voucher.domain.IssuerRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The README's run command, in-process: emulator (moto unless AWS_ENDPOINT_URL is set), template resources, demo
 * data, the HTTP API with the template's routes and authorizers, and the issuer behind the queue. Talks to it over
 * real HTTP on loopback with tokens signed by the local identity providers.
 */
class LocalRunIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static LocalRun run;
    private static String banner;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        run = new LocalRun();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        run.start(new LocalRun.Options(0, Instant.now(), 2), new PrintStream(out, true, StandardCharsets.UTF_8));
        banner = out.toString(StandardCharsets.UTF_8);
        base = "http://127.0.0.1:" + run.port();
    }

    @AfterAll
    static void stop() {
        run.close();
    }

    private static String token(IssuerRole role, String subject) {
        return run.identityProviders().mint(role, subject, Duration.ofMinutes(5));
    }

    private static HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    @DisplayName("the printed curl line works as printed, and the same URL without a token answers 401")
    void printedCurlLineWorks() throws Exception {
        Matcher curl = Pattern.compile("curl -s -H 'Authorization: Bearer ([^']+)' (\\S+/v1/eligibility)").matcher(banner);
        assertThat(curl.find()).as("banner prints a ready-to-paste curl line: %s", banner).isTrue();

        HttpResponse<String> withToken = HTTP.send(HttpRequest.newBuilder(URI.create(curl.group(2)))
                .header("Authorization", "Bearer " + curl.group(1)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> withoutToken = HTTP.send(HttpRequest.newBuilder(URI.create(curl.group(2))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(json(withToken).get("eligible").asBoolean()).isTrue();
        assertThat(withoutToken.statusCode()).isEqualTo(401);
        // API Gateway's authorizer answers, not the function (docs/api/openapi.yaml, Unauthorized).
        assertThat(withoutToken.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(withoutToken.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
    }

    @Test
    @DisplayName("each demo customer reads their own state through their issuer's routes")
    void demoCustomers() throws Exception {
        JsonNode active = json(send("GET", "/v1/eligibility", token(IssuerRole.SIGN_IN, "demo-active-0001")));
        JsonNode closed = json(send("GET", "/v1/verified/eligibility",
                token(IssuerRole.IDENTITY_VERIFICATION, "demo-closed-0002")));
        JsonNode notEligible = json(send("GET", "/v1/eligibility", token(IssuerRole.SIGN_IN, "demo-not-eligible-0003")));

        assertThat(active.get("eligible").asBoolean()).isTrue();
        assertThat(active.get("accountState").asText()).isEqualTo("ACTIVE");
        assertThat(closed.get("eligible").asBoolean()).isTrue();
        assertThat(closed.get("accountState").asText()).isEqualTo("CLOSED");
        assertThat(notEligible.get("eligible").asBoolean()).isFalse();
    }

    @Test
    @DisplayName("a token from one issuer is refused on the other issuer's routes")
    void issuersDoNotCross() throws Exception {
        assertThat(send("GET", "/v1/verified/eligibility", token(IssuerRole.SIGN_IN, "demo-active-0001")).statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/v1/eligibility", token(IssuerRole.IDENTITY_VERIFICATION, "demo-closed-0002"))
                .statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("a claim through HTTP is queued (202) and the issuer behind the queue grants one voucher")
    void claimIsIssued() throws Exception {
        String token = token(IssuerRole.IDENTITY_VERIFICATION, "demo-closed-0002");

        HttpResponse<String> claim = send("POST", "/v1/verified/claims", token);
        assertThat(claim.statusCode()).isIn(200, 202);

        JsonNode voucher = null;
        for (int i = 0; i < 100 && voucher == null; i++) {
            JsonNode state = json(send("GET", "/v1/verified/eligibility", token)).get("voucher");
            if ("ISSUED".equals(state.get("status").asText())) {
                voucher = state;
            } else {
                Thread.sleep(200);
            }
        }
        assertThat(voucher).as("voucher issued within 20 s").isNotNull();
        String code = voucher.get("code").asText();

        HttpResponse<String> again = send("POST", "/v1/verified/claims", token);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).get("voucher").get("code").asText()).isEqualTo(code);
    }

    @Test
    @DisplayName("unknown routes answer 404 and wrong methods 405, as problem+json, without a token")
    void unknownRoutes() throws Exception {
        HttpResponse<String> notFound = send("GET", "/v1/nothing-here", null);
        HttpResponse<String> wrongMethod = send("DELETE", "/v1/eligibility", null);

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("allow")).hasValue("GET");
        assertThat(notFound.headers().firstValue("content-type")).hasValue("application/problem+json");
    }
}

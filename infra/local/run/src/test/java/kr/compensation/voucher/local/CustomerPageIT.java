package kr.compensation.voucher.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import kr.compensation.voucher.localaws.LocalAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The customer page in a real browser (headless Chromium, Debian's chromium and chromium-driver) against the whole
 * local run: the page's own files, the local identity providers' OpenID Connect endpoints, the API and the issuer.
 * The run opens a little after it starts, so the first case sees the countdown and the page turning to the claim
 * by itself at the opening. Screenshots on a phone-sized window go to docs/screenshots/ (the README shows them).
 * Without Chromium the browser cases are skipped, saying so; infra/bin/test-all installs it when run as root.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomerPageIT {

    private static final Duration UNTIL_OPENING = Duration.ofSeconds(75);
    /** The code as the API gives it, shown in its four groups (docs/api/openapi.yaml, Voucher.code). */
    private static final String CODE = "[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-"
            + "[0-9A-HJKMNP-TV-Z]{5}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Path SCREENSHOTS = LocalAws.repositoryRoot().resolve("docs/screenshots");

    private static LocalRun run;
    private static String base;
    private static String banner;
    private static Chromium korean;
    private static Chromium english;

    @BeforeAll
    static void start() throws Exception {
        run = new LocalRun();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        run.start(new LocalRun.Options(0, Instant.now().plus(UNTIL_OPENING), 2),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        banner = out.toString(StandardCharsets.UTF_8);
        base = "http://127.0.0.1:" + run.port();
        if (Chromium.installed()) {
            korean = new Chromium("ko-KR,ko");
            english = new Chromium("en-US,en");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try (Chromium k = korean; Chromium e = english) {
            // closes both browsers
        } finally {
            run.close();
        }
    }

    private static void browser() {
        assumeTrue(korean != null, "Chromium is not installed (" + Chromium.BROWSER + ", " + Chromium.DRIVER
                + "): apt-get install chromium chromium-driver, or run infra/bin/test-all as root");
    }

    /** From the page, through the provider's login page, back to the page as {@code subject}. */
    private static void signIn(Chromium browser, String button, String subject) throws Exception {
        browser.open(base + "/");
        browser.awaitView("signin");
        browser.click(button);
        browser.await("the provider's login page", Duration.ofSeconds(10),
                c -> c.view() == null && c.displayed("button[value='" + subject + "']"));
        browser.click("button[value='" + subject + "']");
    }

    @Test
    @Order(1)
    @DisplayName("Before the opening the countdown shows, no claim is possible, and the page turns to the claim at the opening with one call")
    void countdownBeforeTheOpening() throws Exception {
        browser();
        signIn(korean, "#sign-in", "demo-active-0001");
        korean.awaitView("countdown");

        assertThat(korean.text("#countdown-heading")).isEqualTo("아직 신청 기간이 아닙니다");
        assertThat(korean.text("#countdown-remaining")).endsWith("초 남음");
        assertThat(korean.text("#countdown-opens-at")).endsWith("KST");
        assertThat(korean.displayed("#claim")).isFalse();
        Thread.sleep(3000);
        assertThat(apiCalls(korean)).as("the page does not poll the API before the opening").isEqualTo(1);

        korean.await("the opening", UNTIL_OPENING.plusSeconds(30), c -> "eligible".equals(c.view()));
        assertThat(apiCalls(korean)).as("one call at the opening").isEqualTo(2);
        assertThat(korean.displayed("#claim")).isTrue();
        korean.screenshot(SCREENSHOTS.resolve("customer-page-before-claim.png"));
    }

    /**
     * Replaces the page's fetch for POST claims with one answering {@code status} (and {@code retryAfter} if not
     * null), counting the calls: for the answers the local run cannot be made to give on demand.
     */
    private static void stubClaims(Chromium browser, int status, String retryAfter) throws Exception {
        browser.script("""
                const [status, retryAfter] = arguments;
                const real = window.fetch;
                window.stubbedClaims = 0;
                window.fetch = (url, init) => {
                  if (String(url).includes('/claims')) {
                    window.stubbedClaims++;
                    const headers = { 'Content-Type': 'application/problem+json' };
                    if (retryAfter) headers['Retry-After'] = retryAfter;
                    const type = status === 503 ? 'temporarily-unavailable' : 'unauthorized';
                    const body = status === 429 ? '{"message":"Too Many Requests"}'
                      : JSON.stringify({ type: 'https://voucher.example.com/problems/' + type, status });
                    return Promise.resolve(new Response(body, { status, headers }));
                  }
                  return real(url, init);
                };""", status, retryAfter);
    }

    private static int stubbedClaims(Chromium browser) {
        try {
            return browser.script("return window.stubbedClaims || 0").asInt();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    @Test
    @Order(2)
    @DisplayName("Busy, throttled and unauthorized answers are sentences; the page retries by itself only after a Retry-After, a few times")
    void problemsAndRetries() throws Exception {
        browser();
        signIn(korean, "#sign-in", "demo-active-0001");
        korean.awaitView("eligible");
        stubClaims(korean, 503, "1");
        korean.click("#claim");
        korean.await("three automatic retries", Duration.ofSeconds(15), c -> stubbedClaims(c) == 4);
        korean.awaitView("problem");
        assertThat(korean.text("#problem-heading")).isEqualTo("잠시 처리할 수 없습니다");
        korean.await("the retry button", Duration.ofSeconds(5), c -> c.displayed("#retry"));
        Thread.sleep(2500);
        assertThat(stubbedClaims(korean)).as("no fourth automatic retry").isEqualTo(4);

        stubClaims(korean, 429, null);
        korean.click("#retry");
        korean.await("the throttled sentence", Duration.ofSeconds(5),
                c -> "throttled".equals(problemOf(c)));
        Thread.sleep(2000);
        assertThat(stubbedClaims(korean)).as("no automatic retry without Retry-After").isEqualTo(1);
        assertThat(korean.displayed("#retry")).isTrue();

        stubClaims(korean, 401, null);
        korean.click("#retry");
        korean.await("the unauthorized sentence", Duration.ofSeconds(5),
                c -> "unauthorized".equals(problemOf(c)));
        assertThat(korean.text("#problem-heading")).isEqualTo("본인 확인이 필요합니다");
        assertThat(korean.displayed("#retry")).as("a new sign-in, not a retry, helps").isFalse();
        assertThat(korean.displayed("#start-over")).isTrue();
    }

    private static String problemOf(Chromium browser) {
        try {
            return browser.script("return document.getElementById('main').dataset.problem || null").asText();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Test
    @Order(3)
    @DisplayName("An active customer signs in, claims and sees the code grouped for reading, its amount and expiry (Korean)")
    void activeCustomerClaims() throws Exception {
        browser();
        claimAVoucher(korean, "#sign-in", "demo-active-0001", "ko", "보상 대상입니다", "바우처가 발급되었습니다", "50,000원");

        assertThat(korean.script("return document.querySelectorAll('#voucher-code .group').length").asInt()).isEqualTo(4);
        assertThat(korean.text("#voucher-expires")).endsWith("KST");
        // For screen readers: focus moves to the new step's heading, every button has a name, the code is spelled out.
        assertThat(korean.script("return document.activeElement.id").asText()).isEqualTo("voucher-heading");
        assertThat(korean.script("return [...document.querySelectorAll('button')].filter(b => b.offsetParent)"
                + ".every(b => b.textContent.trim().length > 0)").asBoolean()).isTrue();
        assertThat(korean.script("return document.getElementById('voucher-code').getAttribute('aria-label')").asText())
                .matches("(\\S (\\S ){2}\\S, ){3}\\S( \\S){4}");
        korean.screenshot(SCREENSHOTS.resolve("customer-page-after-claim.png"));
        korean.click("#copy");
        korean.await("the copy to be announced", Duration.ofSeconds(5), c -> !text(c, "#announce").isEmpty());
    }

    @Test
    @Order(4)
    @DisplayName("A closed-account customer verifies their identity and claims (English by the browser's language)")
    void closedAccountCustomerVerifiesAndClaims() throws Exception {
        browser();
        claimAVoucher(english, "#verify", "demo-closed-0002", "en", "You are eligible", "Your voucher is ready",
                "KRW 50,000");
    }

    /**
     * Signs the customer in through the given way in, claims, and sees the voucher: the page in the expected
     * language, its eligible and voucher headings, the code as the API gives it, and the amount.
     */
    private static void claimAVoucher(Chromium browser, String wayIn, String customer, String language,
                                      String eligibleHeading, String voucherHeading, String amount) throws Exception {
        signIn(browser, wayIn, customer);
        browser.awaitView("eligible");
        assertThat(browser.script("return document.documentElement.lang").asText()).isEqualTo(language);
        assertThat(browser.text("#eligible-heading")).isEqualTo(eligibleHeading);

        browser.click("#claim");
        browser.awaitView("voucher");

        assertThat(browser.text("#voucher-heading")).isEqualTo(voucherHeading);
        assertThat(browser.text("#voucher-code").replaceAll("\\s", "")).matches(CODE);
        assertThat(browser.text(".voucher-amount")).isEqualTo(amount);
    }

    @Test
    @Order(5)
    @DisplayName("A customer who is not eligible sees the refusal, in Korean and, by choice, in English")
    void notEligibleCustomerSeesTheRefusal() throws Exception {
        browser();
        signIn(korean, "#sign-in", "demo-not-eligible-0003");
        korean.awaitView("problem");

        assertThat(korean.script("return document.getElementById('main').dataset.problem").asText())
                .isEqualTo("not-eligible");
        assertThat(korean.text("#problem-heading")).isEqualTo("보상 대상이 아닙니다");
        assertThat(korean.displayed("#claim")).isFalse();

        korean.click("#language");
        assertThat(korean.text("#problem-heading")).isEqualTo("Not eligible");
        assertThat(korean.script("return document.documentElement.lang").asText()).isEqualTo("en");
        korean.click("#language");
        assertThat(korean.text("#problem-heading")).isEqualTo("보상 대상이 아닙니다");
    }

    @Test
    @Order(6)
    @DisplayName("A reload forgets the customer: it never shows the previous customer's voucher")
    void reloadNeverShowsAnotherCustomersState() throws Exception {
        browser();
        signIn(korean, "#sign-in", "demo-active-0001");
        korean.awaitView("voucher");
        String[] groups = korean.text("#voucher-code").replaceAll("\\s", "").split("-");
        assertThat(groups).hasSize(4);

        korean.reload();
        korean.awaitView("signin");
        assertThat(korean.script("return document.body.innerHTML").asText()).doesNotContain(groups);
        assertThat(korean.script("return sessionStorage.length + document.cookie.length").asInt()).isZero();

        signIn(korean, "#sign-in", "demo-not-eligible-0003");
        korean.awaitView("problem");
        assertThat(korean.script("return document.body.innerHTML").asText()).doesNotContain(groups);
    }

    @Test
    @Order(7)
    @DisplayName("The page loads nothing from any origin but its own, and carries the response-headers policy")
    void pageLoadsOnlyFromItsOwnOrigin() throws Exception {
        browser();
        signIn(english, "#verify", "demo-closed-0002");
        english.awaitView("voucher");
        assertThat(english.loadedUrls()).isNotEmpty().allMatch(url -> url.startsWith(base + "/"));

        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("content-security-policy")).hasValue(CustomerPage.CONTENT_SECURITY_POLICY);
        assertThat(page.headers().firstValue("x-frame-options")).hasValue("DENY");
        assertThat(page.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("referrer-policy")).hasValue("no-referrer");
        assertThat(page.headers().firstValue("strict-transport-security")).isPresent();
    }

    @Test
    @Order(8)
    @DisplayName("A return from the provider that this page did not start (forged code or state) signs nobody in")
    void forgedReturnSignsNobodyIn() throws Exception {
        browser();
        english.open(base + "/?code=forged&state=forged");
        english.awaitView("problem");
        assertThat(english.script("return document.getElementById('main').dataset.problem").asText())
                .isEqualTo("sign-in-failed");
        assertThat(english.script("return location.search").asText()).doesNotContain("code");
        assertThat(apiCalls(english)).isZero();
        english.click("#start-over");
        english.awaitView("signin");
    }

    @Test
    @DisplayName("Only the page's own files are served, and only to GET and HEAD, as S3 behind CloudFront does")
    void onlyThePagesFilesAreServed() throws Exception {
        assertThat(status("GET", "/app.js")).isEqualTo(200);
        assertThat(status("GET", "/config.json")).isEqualTo(200);
        assertThat(status("GET", "/%2e%2e/template.yaml")).isEqualTo(403);
        assertThat(status("GET", "/..%2ftemplate.yaml")).isEqualTo(403);
        assertThat(status("GET", "/no-such-file.html")).isEqualTo(403);
        assertThat(status("POST", "/")).isEqualTo(403);
        assertThat(status("GET", "/v1/no-such-route")).as("the API keeps /v1/*").isEqualTo(404);
    }

    private static int status(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    @DisplayName("The token endpoint refuses a wrong PKCE verifier and a second use of a code, and honours the right one")
    void tokenEndpointChecksPkce() throws Exception {
        String verifier = "v".repeat(43);
        String code = authorize("sign-in", LocalOpenIdProvider.s256(verifier));
        assertThat(token("sign-in", code, "w".repeat(43)).statusCode()).isEqualTo(400);
        assertThat(token("sign-in", code, verifier).statusCode()).as("a code is used once, even after a failure")
                .isEqualTo(400);

        String fresh = authorize("sign-in", LocalOpenIdProvider.s256(verifier));
        assertThat(token("identity-verification", fresh, verifier).statusCode()).as("another provider's code")
                .isEqualTo(400);
        String again = authorize("sign-in", LocalOpenIdProvider.s256(verifier));
        HttpResponse<String> ok = token("sign-in", again, verifier);
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode tokens = JSON.readTree(ok.body());
        HttpResponse<String> eligibility = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/eligibility"))
                .header("Authorization", "Bearer " + tokens.path("access_token").asText()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(eligibility.statusCode()).as("the API's authorizer takes the token (200, or 403 before the opening)")
                .isIn(200, 403);
    }

    @Test
    @DisplayName("The providers publish discovery documents that point at their own endpoints, and the banner names the page first")
    void discoveryAndBanner() throws Exception {
        HttpResponse<String> discovery = HTTP.send(HttpRequest.newBuilder(
                URI.create(base + "/local-idp/sign-in/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode doc = JSON.readTree(discovery.body());
        String issuer = base + "/local-idp/sign-in";
        assertThat(doc.path("issuer").asText()).isEqualTo(issuer);
        assertThat(doc.path("token_endpoint").asText()).isEqualTo(issuer + "/token");
        assertThat(doc.path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        assertThat(banner.strip().lines().findFirst().orElseThrow()).contains(base + "/");
    }

    private static String authorize(String provider, String challenge) throws Exception {
        Map<String, String> params = Map.of("response_type", "code", "client_id", LocalOpenIdProvider.CLIENT_ID,
                "redirect_uri", base + "/", "scope", "openid", "state", "s", "code_challenge", challenge,
                "code_challenge_method", "S256", "subject", "demo-active-0001");
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                URI.create(base + "/local-idp/" + provider + "/authorize"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(303);
        String location = answer.headers().firstValue("location").orElseThrow();
        if (!location.contains("code=")) {
            return "none";
        }
        return location.replaceAll(".*[?&]code=([^&]+).*", "$1");
    }

    private static HttpResponse<String> token(String provider, String code, String verifier) throws Exception {
        Map<String, String> params = Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", base + "/", "client_id", LocalOpenIdProvider.CLIENT_ID, "code_verifier", verifier);
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/local-idp/" + provider + "/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static long apiCalls(Chromium browser) throws Exception {
        return browser.script("return performance.getEntriesByType('resource')"
                + ".filter(e => new URL(e.name).pathname.startsWith('/v1/')).length").asLong();
    }

    private static String text(Chromium browser, String css) {
        try {
            return browser.text(css);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}

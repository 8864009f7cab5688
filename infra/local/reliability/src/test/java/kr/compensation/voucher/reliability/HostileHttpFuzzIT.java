package kr.compensation.voucher.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import kr.compensation.voucher.adapters.dynamodb.DynamoDbEligibilityRepository;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.Money;
import kr.compensation.voucher.domain.Voucher;
import kr.compensation.voucher.domain.VoucherCodeGenerator;
import kr.compensation.voucher.local.LocalIdentityProviders;
import kr.compensation.voucher.reliability.harness.ApiContract;
import kr.compensation.voucher.reliability.harness.HttpExchange;
import kr.compensation.voucher.reliability.harness.LocalApi;
import kr.compensation.voucher.reliability.personaldata.Customers;
import kr.compensation.voucher.reliability.personaldata.LogScan;
import kr.compensation.voucher.reliability.personaldata.TableScan;
import kr.compensation.voucher.reliability.reporting.Figures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Needs the project's emulator virtualenv: the local run over real HTTP. A property-based fuzzer over the whole API:
 * random methods, paths (traversal, encodings, case, doubled slashes, other customers' ids in the path), query
 * strings, headers (tokens of every kind, other customers' ids, junk languages and media types) and bodies (objects
 * naming other customers, arrays, junk, binary, big, deep). For every request: no 5xx, a status and body the
 * OpenAPI document allows for that request, and nothing of another customer in the answer. Afterwards every other
 * customer's item is exactly as it was, and no item was added.
 *
 * <p>Generation is seeded ({@code -Dreliability.fuzz.seed}, {@code -Dreliability.fuzz.requests}); a failure names
 * the seed and the request's number, so it replays exactly.
 */
@ExtendWith(LogScan.class)
class HostileHttpFuzzIT {

    private static final long SEED = Long.getLong("reliability.fuzz.seed", 20270115L);
    private static final int REQUESTS = Integer.getInteger("reliability.fuzz.requests", 3_000);
    private static final String PHONE = "010-3141-5926";
    private static final List<String> OPERATIONS = List.of("/v1/eligibility", "/v1/claims",
            "/v1/verified/eligibility", "/v1/verified/claims");

    private static LocalApi api;
    private static ApiContract contract;
    private static String victim;
    private static String closedVictim;
    private static CustomerKey victimKey;
    private static CustomerKey closedVictimKey;
    private static String victimCode;
    private static String attacker;
    private static String closedAttacker;
    private static Map<String, Map<String, AttributeValue>> before;
    private static List<String> tokens;
    private static List<String> headerValues;

    @BeforeAll
    static void customers() throws Exception {
        api = LocalApi.shared();
        contract = ApiContract.load();
        victim = Customers.subject("fuzzvictim", 1);
        closedVictim = Customers.subject("fuzzvictim", 2);
        attacker = Customers.subject("fuzzattacker", 1);
        closedAttacker = Customers.subject("fuzzattacker", 2);
        victimKey = api.load(IssuerRole.SIGN_IN, victim, true, AccountState.ACTIVE);
        closedVictimKey = api.load(IssuerRole.IDENTITY_VERIFICATION, closedVictim, true, AccountState.CLOSED);
        api.load(IssuerRole.SIGN_IN, attacker, true, AccountState.ACTIVE);
        api.load(IssuerRole.IDENTITY_VERIFICATION, closedAttacker, true, AccountState.CLOSED);
        // One victim already holds a voucher (its code must never leak), the other has a claim pending.
        DynamoDbEligibilityRepository repository = new DynamoDbEligibilityRepository(api.run().aws().dynamoDb(),
                api.table());
        Instant now = Instant.now();
        Voucher voucher = new Voucher(new VoucherCodeGenerator().next(), Money.krw(50_000), now,
                now.plus(Duration.ofDays(365)), IssueSource.CUSTOMER_CLAIM, "fuzz-victim-claim");
        repository.grant(victimKey, voucher);
        victimCode = voucher.code().value();
        repository.markClaimRequested(closedVictimKey, now, now.minus(Duration.ofMinutes(15)));
        before = snapshot();

        RSAKey forger = new RSAKeyGenerator(2048).keyID("forger").generate();
        tokens = List.of(
                api.token(IssuerRole.SIGN_IN, attacker),
                api.token(IssuerRole.IDENTITY_VERIFICATION, closedAttacker),
                forged(forger, IssuerRole.SIGN_IN, victim),
                forged(forger, IssuerRole.IDENTITY_VERIFICATION, closedVictim),
                "not-a-token", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "");
        headerValues = List.of(victim, victimKey.value(), PHONE, "' OR '1'='1", "../../etc/passwd", "<script>",
                "%00", "null", "[]", "{}", "*", "ko", "en-US,en;q=0.9", "en;q=abc", ";;;,,,", "x".repeat(2_000),
                "ko-KR;q=0.5, *;q=0.1", "application/json", "text/plain", "application/octet-stream",
                "application/json; charset=utf-16", "multipart/form-data; boundary=zz", "Bearer", "Basic Og==");
    }

    @Test
    @DisplayName("3,000 random hostile requests: no 5xx, only documented answers, nothing of another customer")
    void randomHostileRequests_neverFailServerSide_stayDocumented_andNeverReachAnotherCustomer() {
        Random random = new Random(SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        int authenticatedSuccesses = 0;
        int pageOriginAnswers = 0;
        for (int n = 0; n < REQUESTS; n++) {
            Request request = Request.random(random);
            HttpExchange response = api.send(request.method(), request.target(), request.headers(), request.body());
            String replay = "request #" + n + " of seed " + SEED + ": " + request;
            statuses.merge(response.status(), 1, Integer::sum);

            assertThat(response.status()).as("no 5xx; %s", replay).isLessThan(500);
            assertThat(response.body()).as("nothing of another customer; %s", replay)
                    .doesNotContain(victimCode, victimKey.value(), closedVictimKey.value(), victim, closedVictim,
                            PHONE);
            if (!underApi(request.rawPath())) {
                // Outside /v1 the customer page's origin answers, as the edge distribution's S3 origin does in AWS:
                // a page file to GET or HEAD, 403 for anything else (template.yaml, infra/local/run/README.md).
                assertThat(response.status()).as("the page origin's answer; %s", replay).isIn(200, 403);
                if (response.status() == 200) {
                    assertThat(request.method()).as("the page origin serves files to GET and HEAD only; %s", replay)
                            .isIn("GET", "HEAD");
                }
                pageOriginAnswers++;
                continue;
            }
            assertThat(contract.violations(request.method(), request.rawPath(), response))
                    .as("documented answer; %s; got %s %s", replay, response.status(), response.body()).isEmpty();
            if (response.status() == 200 || response.status() == 202) {
                authenticatedSuccesses++;
                assertThat(request.token()).as("only an attacker's own valid token is served; %s", replay)
                        .isIn(tokens.get(0), tokens.get(1));
            }
        }

        Map<String, Map<String, AttributeValue>> after = snapshot();
        assertThat(after.keySet()).as("items in the table").isEqualTo(before.keySet());
        for (CustomerKey other : List.of(victimKey, closedVictimKey)) {
            assertThat(after.get(other.value())).as("another customer's item").isEqualTo(before.get(other.value()));
        }
        TableScan.assertNoPersonalData(api.run().aws().dynamoDb(), api.table());
        Figures.note("HTTP fuzzer", REQUESTS + " requests (seed " + SEED + "), statuses " + statuses + ", "
                + authenticatedSuccesses + " served to the attackers' own tokens, " + pageOriginAnswers
                + " outside /v1 answered by the customer page's origin; no 5xx, all documented");
    }

    /** The paths the gateway routes to the API (the edge distribution's {@code /v1/*} behaviour); the rest is the page. */
    private static boolean underApi(String rawPath) {
        return rawPath.equals("/v1") || rawPath.startsWith("/v1/");
    }

    private static Map<String, Map<String, AttributeValue>> snapshot() {
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        api.run().aws().dynamoDb().scanPaginator(r -> r.tableName(api.table()).consistentRead(true)).items()
                .forEach(item -> items.put(item.get(EligibilityItem.PK).s(), item));
        return items;
    }

    private static String forged(RSAKey key, IssuerRole role, String subject) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(api.issuer(role)).subject(subject)
                        .audience(LocalIdentityProviders.AUDIENCE).expirationTime(Date.from(Instant.now()
                                .plusSeconds(3_600))).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** One generated request; {@code toString} describes it without repeating tokens in full. */
    private record Request(String method, String rawPath, String query, Map<String, List<String>> headers,
                           byte[] body, String token) {

        private static final List<String> METHODS = List.of("GET", "GET", "GET", "POST", "POST", "POST", "PUT",
                "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "get", "post", "PROPFIND");

        static Request random(Random random) {
            String method;
            String path;
            if (random.nextBoolean()) {
                // Half the requests hit an operation as documented, so that the authorizers, the handler's checks
                // and the store are exercised, not only the routing.
                int operation = random.nextInt(OPERATIONS.size());
                path = OPERATIONS.get(operation);
                method = path.endsWith("claims") ? "POST" : "GET";
            } else {
                method = pick(random, METHODS);
                path = path(random);
            }
            String query = random.nextInt(3) == 0 ? query(random) : "";
            Map<String, List<String>> headers = new LinkedHashMap<>();
            String token = null;
            int auth = random.nextInt(10);
            if (auth < 7) {
                token = pick(random, tokens);
                headers.put("Authorization", List.of(auth < 6 ? "Bearer " + token : "bearer " + token));
            } else if (auth == 7) {
                // The attacker's own token, then one forged for the victim: whichever the gateway reads, the
                // answer may only ever be the attacker's own (the local gateway reads the first).
                token = tokens.get(0);
                headers.put("Authorization", List.of("Bearer " + token, "Bearer " + tokens.get(2)));
            }
            int extra = random.nextInt(4);
            for (int i = 0; i < extra; i++) {
                headers.put(pick(random, List.of("Accept-Language", "Content-Type", "X-Customer-Id", "Cookie",
                        "X-Forwarded-For", "X-Original-URL", "X-HTTP-Method-Override", "Accept", "X-Subject",
                        "X-Amzn-Oidc-Identity", "Origin")), List.of(headerValue(random)));
            }
            return new Request(method, path, query, headers, body(random), token);
        }

        String target() {
            return rawPath + query;
        }

        private static String path(Random random) {
            String operation = pick(random, OPERATIONS);
            return switch (random.nextInt(16)) {
                case 0, 1, 2, 3, 4, 5 -> operation;
                case 6 -> operation + "/";
                case 7 -> operation.replace("/v1/", "/v1//");
                case 8 -> operation.toUpperCase();
                case 9 -> operation.replace("/v1/", "/v1/./");
                case 10 -> operation.replace("/v1/", "/v1/claims/../");
                case 11 -> operation.replace("e", "%65") + pick(random, List.of("", "%2F", "%00", "%2e%2e%2F"));
                case 12 -> operation + "/" + pick(random, List.of(victim, victimKey.value(), closedVictim, "..",
                        "%2e%2e", PHONE, "me"));
                case 13 -> "/v1/customers/" + enc(pick(random, List.of(victim, victimKey.value(), PHONE)))
                        + pick(random, List.of("", "/eligibility", "/claims"));
                case 14 -> operation + pick(random, List.of(";x=1", ".json", "~", "%20", "?")).replace("?", "%3F");
                default -> "/" + "a".repeat(random.nextInt(3) == 0 ? 4_000 : 1 + random.nextInt(40));
            };
        }

        private static String query(Random random) {
            List<String> pairs = new ArrayList<>();
            int count = 1 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                pairs.add(enc(pick(random, List.of("sub", "subject", "customerKey", "key", "id", "issuer", "role",
                        "debug", "callback", "user", "이름"))) + "=" + enc(headerValue(random)));
            }
            return "?" + String.join("&", pairs);
        }

        private static String headerValue(Random random) {
            return random.nextInt(5) == 0 ? randomAscii(random, 1 + random.nextInt(200)) : pick(random, headerValues);
        }

        private static byte[] body(Random random) {
            String text = switch (random.nextInt(14)) {
                case 0, 1, 2, 3, 4 -> null;
                case 5 -> "{}";
                case 6 -> "{\"sub\":\"" + victim + "\",\"customerKey\":\"" + victimKey.value()
                        + "\",\"subject\":\"" + closedVictim + "\",\"phone\":\"" + PHONE + "\"}";
                case 7 -> "[\"" + victim + "\"]";
                case 8 -> pick(random, List.of("null", "\"" + victim + "\"", "42", "true", "{", "{\"a\":}", ""));
                case 9 -> "[".repeat(3_000) + "]".repeat(3_000);
                case 10 -> "{\"pad\":\"" + "x".repeat(random.nextBoolean() ? 1_100 : 16_000) + "\"}";
                case 11 -> "sub=" + enc(victim) + "&customerKey=" + enc(victimKey.value());
                case 12 -> "{\"이름\":\"홍길동\",\"전화\":\"" + PHONE + "\"}";
                default -> {
                    byte[] bytes = new byte[1 + random.nextInt(2_000)];
                    random.nextBytes(bytes);
                    yield new String(bytes, StandardCharsets.ISO_8859_1);
                }
            };
            return text == null ? null : text.getBytes(StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)
                    ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }

        private static String randomAscii(Random random, int length) {
            StringBuilder out = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                out.append((char) (0x20 + random.nextInt(0x5f)));
            }
            return out.toString();
        }

        private static String enc(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }

        private static <T> T pick(Random random, List<T> options) {
            return options.get(random.nextInt(options.size()));
        }

        @Override
        public String toString() {
            Function<String, String> shorten = s -> s.length() > 80 ? s.substring(0, 80) + "...(" + s.length() + ")" : s;
            return method + " " + shorten.apply(target()) + " headers " + headers.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().stream().map(shorten).toList()))
                    + " body " + (body == null ? "none" : body.length + " bytes");
        }
    }
}

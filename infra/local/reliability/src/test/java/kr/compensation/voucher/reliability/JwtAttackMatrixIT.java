package kr.compensation.voucher.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.local.LocalIdentityProviders;
import kr.compensation.voucher.reliability.harness.ApiContract;
import kr.compensation.voucher.reliability.harness.HttpExchange;
import kr.compensation.voucher.reliability.harness.LocalApi;
import kr.compensation.voucher.reliability.personaldata.Customers;
import kr.compensation.voucher.reliability.personaldata.LogScan;
import kr.compensation.voucher.reliability.reporting.Figures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Needs nothing but this JVM and the project's emulator virtualenv: the local run (template routes and JWT
 * authorizers, the real lookup handler) over real HTTP. Every forged, stale, misdirected or malformed token naming
 * a real, eligible customer gets 401 in the documented shape on every route of both families, and the customer's
 * state is exactly as it was. The authorizer's unit test covers the same rules without HTTP
 * (infra/local/run JwtAuthorizerTest); this proves the whole path, including the handler's own subject checks.
 */
@ExtendWith(LogScan.class)
class JwtAttackMatrixIT {

    private static final List<String[]> SIGN_IN_ROUTES = List.of(
            new String[] {"GET", "/v1/eligibility"}, new String[] {"POST", "/v1/claims"});
    private static final List<String[]> IDENTITY_ROUTES = List.of(
            new String[] {"GET", "/v1/verified/eligibility"}, new String[] {"POST", "/v1/verified/claims"});
    private static final List<String[]> ROUTES = List.of(SIGN_IN_ROUTES.get(0), SIGN_IN_ROUTES.get(1),
            IDENTITY_ROUTES.get(0), IDENTITY_ROUTES.get(1));

    private static LocalApi api;
    private static ApiContract contract;
    private static String victim;
    private static String closedVictim;
    private static CustomerKey victimKey;
    private static CustomerKey closedVictimKey;
    private static Map<String, AttributeValue> victimBefore;
    private static Map<String, AttributeValue> closedVictimBefore;
    private static RSAKey attacker;
    private static int attacks;
    private static int requests;
    private static int refused;

    @BeforeAll
    static void customers() throws Exception {
        api = LocalApi.shared();
        contract = ApiContract.load();
        victim = Customers.subject("jwtvictim", 1);
        closedVictim = Customers.subject("jwtvictim", 2);
        victimKey = api.load(IssuerRole.SIGN_IN, victim, true, AccountState.ACTIVE);
        closedVictimKey = api.load(IssuerRole.IDENTITY_VERIFICATION, closedVictim, true, AccountState.CLOSED);
        victimBefore = api.item(victimKey);
        closedVictimBefore = api.item(closedVictimKey);
        attacker = new RSAKeyGenerator(2048).keyID(trustedKid()).generate();
    }

    @AfterAll
    static void figures() {
        Figures.note("JWT attack matrix", attacks + " attacks, " + requests + " requests over the four routes, "
                + refused + " answered 401 in the documented shape");
    }

    static Stream<Arguments> attacks() {
        List<Arguments> all = new ArrayList<>();
        try {
            for (IssuerRole role : IssuerRole.values()) {
                String subject = role == IssuerRole.SIGN_IN ? victim : closedVictim;
                String family = role == IssuerRole.SIGN_IN ? "sign-in" : "identity";
                add(all, family, "alg none", new PlainJWT(claims(role, subject, b -> b).build()).serialize());
                add(all, family, "alg None (capitalised)", unsigned("None", claims(role, subject, b -> b)));
                add(all, family, "HS256 keyed with the trusted RSA public key (DER)",
                        hs256(trustedPublicDer(), role, subject));
                add(all, family, "HS256 keyed with the trusted RSA public key (PEM)",
                        hs256(pem(trustedPublicDer()).getBytes(StandardCharsets.US_ASCII), role, subject));
                add(all, family, "RS256 by another key with the trusted key id", rs256(attacker, role, subject));
                add(all, family, "RS256 by another key, no key id",
                        sign(new RSASSASigner(attacker), new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
                                claims(role, subject, b -> b)));
                add(all, family, "RS256 with the attacker's key embedded (jwk header)",
                        sign(new RSASSASigner(attacker), new JWSHeader.Builder(JWSAlgorithm.RS256)
                                .jwk(attacker.toPublicJWK()).build(), claims(role, subject, b -> b)));
                add(all, family, "RS256 pointing to the attacker's key set (jku header)",
                        sign(new RSASSASigner(attacker), new JWSHeader.Builder(JWSAlgorithm.RS256)
                                .jwkURL(URI.create("http://127.0.0.1:9/jwks.json")).keyID(attacker.getKeyID())
                                .build(), claims(role, subject, b -> b)));
                add(all, family, "ES256 by another key", es256(role, subject));
                add(all, family, "HS256 with a path-traversal key id and a zero key",
                        sign(new MACSigner(new byte[32]), new JWSHeader.Builder(JWSAlgorithm.HS256)
                                .keyID("../../../../dev/null").build(), claims(role, subject, b -> b)));
                add(all, family, "expired", trusted(role, subject, b -> b
                        .expirationTime(Date.from(now().minusSeconds(60)))
                        .issueTime(Date.from(now().minusSeconds(600))).notBeforeTime(Date.from(now().minusSeconds(600)))));
                add(all, family, "not yet valid", trusted(role, subject, b -> b
                        .notBeforeTime(Date.from(now().plusSeconds(300)))
                        .expirationTime(Date.from(now().plusSeconds(900)))));
                add(all, family, "no expiry", trusted(role, subject, b -> b.expirationTime(null)));
                add(all, family, "wrong issuer", trusted(role, subject,
                        b -> b.issuer("https://login.attacker.example/" + role.code())));
                add(all, family, "wrong audience", trusted(role, subject, b -> b.audience("another-api")));
                add(all, family, "no audience", trusted(role, subject, b -> b.audience((String) null)));
                add(all, family, "missing subject", trusted(role, subject, b -> b.subject(null)));
                add(all, family, "blank subject", trusted(role, subject, b -> b.subject("   ")));
                add(all, family, "oversized subject (300 characters)",
                        trusted(role, subject, b -> b.subject(subject + "x".repeat(300 - subject.length()))));
                add(all, family, "issued a year from now (iat in the future)", trusted(role, subject, b -> b
                        .issueTime(Date.from(now().plus(365, ChronoUnit.DAYS)))));
                add(all, family, "issued a minute from now (iat in the future)", trusted(role, subject, b -> b
                        .issueTime(Date.from(now().plusSeconds(60)))));
                add(all, family, "no aud, client_id of another client", trusted(role, subject, b -> b
                        .audience((String) null).claim("client_id", "another-client")));
                add(all, family, "aud of another API, our audience as client_id (aud decides)", trusted(role,
                        subject, b -> b.audience("another-api").claim("client_id", LocalIdentityProviders.AUDIENCE)));
                String valid = trusted(role, subject, b -> b);
                String[] parts = valid.split("\\.");
                add(all, family, "signature stripped", parts[0] + "." + parts[1] + ".");
                add(all, family, "payload swapped under a valid signature", parts[0] + "."
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(claims(role, subject,
                                b -> b.expirationTime(Date.from(now().plusSeconds(86_400 * 365)))).build()
                                .toString().getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
                all.add(Arguments.of(family + ": valid token sent with the Basic scheme", "Basic " + valid, ROUTES));
                all.add(Arguments.of(family + ": two tokens in one header", "Bearer " + valid + " " + valid,
                        ROUTES));
            }
            // Valid tokens, but for the other family's routes: each issuer's routes trust that issuer only.
            all.add(Arguments.of("identity token on the sign-in routes", "Bearer "
                    + trusted(IssuerRole.IDENTITY_VERIFICATION, victim, b -> b), SIGN_IN_ROUTES));
            all.add(Arguments.of("sign-in token on the identity routes", "Bearer "
                    + trusted(IssuerRole.SIGN_IN, closedVictim, b -> b), IDENTITY_ROUTES));
            add(all, "any", "not a JWT", "not.a.jwt");
            add(all, "any", "random base64", Base64.getUrlEncoder().encodeToString(new byte[180]));
            all.add(Arguments.of("any: no Authorization header", null, ROUTES));
            all.add(Arguments.of("any: empty bearer", "Bearer ", ROUTES));
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the attack tokens", e);
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    @DisplayName("a forged, stale, misdirected or malformed token gets 401 in the documented shape on every route")
    void attackIsRefusedOnEveryRoute(String attack, String authorization, List<String[]> routes) {
        attacks++;
        for (String[] route : routes) {
            Map<String, List<String>> headers = authorization == null ? Map.of()
                    : Map.of("Authorization", List.of(authorization));
            HttpExchange response = api.send(route[0], route[1], headers, null);
            requests++;

            assertRefused(attack, route, response);
        }
        assertVictimsUntouched();
    }

    /**
     * Two Authorization headers: API Gateway's payload 2.0 joins repeated headers with commas, so its authorizer
     * sees one value that is no token, whichever header is valid.
     */
    static Stream<Arguments> repeatedAuthorizationHeaders() {
        String own = trusted(IssuerRole.SIGN_IN, victim, b -> b);
        String other = trusted(IssuerRole.SIGN_IN, Customers.subject("jwtvictim", 3), b -> b);
        return Stream.of(
                Arguments.of("valid token, then garbage", List.of("Bearer " + own, "garbage")),
                Arguments.of("garbage, then valid token", List.of("garbage", "Bearer " + own)),
                Arguments.of("two customers' valid tokens", List.of("Bearer " + own, "Bearer " + other)),
                Arguments.of("the same valid token twice", List.of("Bearer " + own, "Bearer " + own)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repeatedAuthorizationHeaders")
    @DisplayName("two Authorization headers get API Gateway's 401 on the sign-in routes, whichever one is valid")
    void repeatedAuthorizationHeadersAreRefused(String attack, List<String> authorization) {
        attacks++;
        for (String[] route : SIGN_IN_ROUTES) {
            HttpExchange response = api.send(route[0], route[1], Map.of("Authorization", authorization), null);
            requests++;

            assertRefused(attack, route, response);
            assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        }
        assertVictimsUntouched();
    }

    @Test
    @DisplayName("a validly signed token that takes the request line and headers over API Gateway's 10,240 bytes "
            + "is refused before the authorizer, and touches no one")
    void tokenOverTheHeaderQuotaIsRefused() {
        String huge = trusted(IssuerRole.SIGN_IN, victim, b -> b.claim("padding", "p".repeat(9_000)));
        attacks++;
        for (String[] route : SIGN_IN_ROUTES) {
            HttpExchange response = api.send(route[0], route[1], Map.of("Authorization", List.of("Bearer " + huge)),
                    null);
            requests++;

            assertThat(response.status()).as("%s %s", route[0], route[1]).isEqualTo(431);
        }
        assertVictimsUntouched();
    }

    private static void assertRefused(String attack, String[] route, HttpExchange response) {
        assertThat(response.status()).as("%s on %s %s", attack, route[0], route[1]).isEqualTo(401);
        assertThat(response.header("www-authenticate")).as("%s", attack).matches("^Bearer( .*)?$");
        if ("application/json".equals(response.header("content-type"))) {
            // Refused by the authorizer: API Gateway's own answer.
            assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
            assertThat(response.header("www-authenticate")).startsWith("Bearer scope=\"\" error=\"invalid_token\"");
        }
        assertThat(contract.violations(route[0], route[1], response)).as("documented shape").isEmpty();
        refused++;
    }

    private static void assertVictimsUntouched() {
        assertThat(api.item(victimKey)).as("the named customer's item").isEqualTo(victimBefore);
        assertThat(api.item(closedVictimKey)).as("the named closed-account customer's item")
                .isEqualTo(closedVictimBefore);
    }

    @Test
    @DisplayName("control: the same customers' own valid tokens are accepted, so the refusals above are not vacuous")
    void validTokensAreAccepted() {
        HttpExchange active = api.send("GET", "/v1/eligibility", api.token(IssuerRole.SIGN_IN, victim));
        HttpExchange closed = api.send("GET", "/v1/verified/eligibility",
                api.token(IssuerRole.IDENTITY_VERIFICATION, closedVictim));

        // API Gateway's identity source may hold the token alone, without "Bearer " (http-api-jwt-authorizer).
        HttpExchange withoutScheme = api.send("GET", "/v1/eligibility",
                Map.of("Authorization", List.of(api.token(IssuerRole.SIGN_IN, victim))), null);

        assertThat(active.status()).isEqualTo(200);
        assertThat(active.body()).contains("\"eligible\":true");
        assertThat(withoutScheme.status()).isEqualTo(200);
        assertThat(closed.status()).isEqualTo(200);
        assertThat(contract.violations("GET", "/v1/eligibility", active)).isEmpty();
    }

    private static void add(List<Arguments> all, String family, String name, String token) {
        all.add(Arguments.of(family + ": " + name, "Bearer " + token, ROUTES));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static JWTClaimsSet.Builder claims(IssuerRole role, String subject,
                                               UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(new JWTClaimsSet.Builder().issuer(api.issuer(role)).subject(subject)
                .audience(LocalIdentityProviders.AUDIENCE)
                .issueTime(Date.from(now())).notBeforeTime(Date.from(now()))
                .expirationTime(Date.from(now().plusSeconds(600))));
    }

    /** Signed by the local identity provider's own key: valid but for the one thing {@code change} breaks. */
    private static String trusted(IssuerRole role, String subject, UnaryOperator<JWTClaimsSet.Builder> change) {
        return api.run().identityProviders().sign(claims(role, subject, change).build());
    }

    private static String rs256(RSAKey key, IssuerRole role, String subject) throws Exception {
        return sign(new RSASSASigner(key), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims(role, subject, b -> b));
    }

    private static String hs256(byte[] secret, IssuerRole role, String subject) throws Exception {
        return sign(new MACSigner(secret), new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(trustedKid())
                .type(JOSEObjectType.JWT).build(), claims(role, subject, b -> b));
    }

    private static String es256(IssuerRole role, String subject) throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID(trustedKid()).generate();
        return sign(new ECDSASigner(key), new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                claims(role, subject, b -> b));
    }

    private static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims.build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String unsigned(String alg, JWTClaimsSet.Builder claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(claims.build().toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static String trustedKid() {
        return api.run().identityProviders().publicKeys().getKeys().get(0).getKeyID();
    }

    private static byte[] trustedPublicDer() throws Exception {
        return api.run().identityProviders().publicKeys().getKeys().get(0).toRSAKey().toPublicKey().getEncoded();
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    }
}

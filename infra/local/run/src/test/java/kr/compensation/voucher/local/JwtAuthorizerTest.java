package kr.compensation.voucher.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The local stand-in for the HTTP API JWT authorizer: needs nothing running. */
class JwtAuthorizerTest {

    private static final String ISSUER = "http://127.0.0.1:3000/local-idp/sign-in";
    private static final String AUDIENCE = "voucher-api-local";

    private static RSAKey trusted;
    private static RSAKey stranger;
    private static JwtAuthorizer authorizer;

    @BeforeAll
    static void keys() throws Exception {
        trusted = new RSAKeyGenerator(2048).keyID("trusted").generate();
        stranger = new RSAKeyGenerator(2048).keyID("trusted").generate();
        authorizer = new JwtAuthorizer(ISSUER, AUDIENCE, new JWKSet(trusted.toPublicJWK()));
    }

    private static JWTClaimsSet.Builder validClaims() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("customer-1")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static String rs256(RSAKey key, UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), change.apply(validClaims()).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static Map<String, String> accepted(String token) {
        return authorizer.authorize("Bearer " + token).orElseThrow();
    }

    private static boolean refused(String header) {
        return authorizer.authorize(header).isEmpty();
    }

    @Test
    @DisplayName("a token signed by the issuer's key, for our audience, in its validity window is accepted")
    void acceptsValidToken() throws Exception {
        Map<String, String> claims = accepted(rs256(trusted, b -> b));

        assertThat(claims).containsEntry("iss", ISSUER).containsEntry("sub", "customer-1").containsEntry("aud", AUDIENCE);
        assertThat(claims.get("exp")).matches("\\d+");
    }

    @Test
    @DisplayName("no header, another scheme, or an empty token is refused")
    void refusesMissingToken() {
        assertThat(refused(null)).isTrue();
        assertThat(refused("Basic dXNlcjpwYXNz")).isTrue();
        assertThat(refused("Bearer ")).isTrue();
        assertThat(refused("Bearer not.a.jwt")).isTrue();
    }

    @Test
    @DisplayName("alg none is refused")
    void refusesUnsignedToken() {
        String token = new PlainJWT(validClaims().build()).serialize();

        assertThat(refused("Bearer " + token)).isTrue();
    }

    @Test
    @DisplayName("an HS256 token keyed with the issuer's public key (algorithm confusion) is refused")
    void refusesAlgorithmConfusion() throws Exception {
        byte[] publicKeyAsSecret = trusted.toPublicJWK().toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("trusted").build(),
                validClaims().build());
        jwt.sign(new MACSigner(publicKeyAsSecret));

        assertThat(refused("Bearer " + jwt.serialize())).isTrue();
    }

    @Test
    @DisplayName("a token signed by another key with the same key id is refused")
    void refusesWrongKey() throws Exception {
        assertThat(refused("Bearer " + rs256(stranger, b -> b))).isTrue();
    }

    @Test
    @DisplayName("a tampered payload breaks the signature")
    void refusesTamperedToken() throws Exception {
        String[] parts = rs256(trusted, b -> b).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]))
                .replace("customer-1", "customer-2");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
                + "." + parts[2];

        assertThat(refused("Bearer " + tampered)).isTrue();
    }

    @Test
    @DisplayName("expired, not yet valid, and tokens without exp are refused")
    void refusesOutsideValidity() throws Exception {
        Instant now = Instant.now();
        assertThat(refused("Bearer " + rs256(trusted, b -> b.expirationTime(Date.from(now.minusSeconds(1)))))).isTrue();
        assertThat(refused("Bearer " + rs256(trusted, b -> b.notBeforeTime(Date.from(now.plusSeconds(60)))))).isTrue();
        assertThat(refused("Bearer " + rs256(trusted, b -> b.expirationTime(null)))).isTrue();
    }

    @Test
    @DisplayName("another issuer or another audience is refused")
    void refusesWrongIssuerOrAudience() throws Exception {
        assertThat(refused("Bearer " + rs256(trusted, b -> b.issuer("http://127.0.0.1:3000/local-idp/identity-verification")))).isTrue();
        assertThat(refused("Bearer " + rs256(trusted, b -> b.audience("another-api")))).isTrue();
    }

    @Test
    @DisplayName("iat in the future is refused: API Gateway wants it before the current time")
    void refusesTokenIssuedInTheFuture() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        assertThat(refused("Bearer " + rs256(trusted, b -> b.issueTime(Date.from(now.plus(365, ChronoUnit.DAYS))))))
                .isTrue();
        assertThat(authorizer.decide("Bearer " + rs256(trusted, b -> b.issueTime(Date.from(now.plusSeconds(5)))))
                .refusal()).isEqualTo("the token has invalid claims");
        assertThat(accepted(rs256(trusted, b -> b.issueTime(Date.from(now.minusSeconds(5)))))).containsKey("sub");
        assertThat(accepted(rs256(trusted, b -> b.issueTime(null)))).doesNotContainKey("iat");
    }

    @Test
    @DisplayName("without aud, client_id must match the audience; with aud, aud decides and client_id is ignored")
    void checksClientIdOnlyWithoutAudience() throws Exception {
        assertThat(accepted(rs256(trusted, b -> b.audience((String) null).claim("client_id", AUDIENCE))))
                .containsEntry("client_id", AUDIENCE);
        assertThat(refused("Bearer " + rs256(trusted, b -> b.audience((String) null).claim("client_id", "other"))))
                .isTrue();
        assertThat(refused("Bearer " + rs256(trusted, b -> b.audience((String) null)))).isTrue();
        assertThat(refused("Bearer " + rs256(trusted, b -> b.audience("other").claim("client_id", AUDIENCE))))
                .isTrue();
        assertThat(authorizer.decide("Bearer " + rs256(trusted, b -> b.audience("other"))).refusal())
                .isEqualTo("the token does not have a valid audience");
        assertThat(accepted(rs256(trusted, b -> b.audience(java.util.List.of("other", AUDIENCE))))).containsKey("sub");
    }

    @Test
    @DisplayName("the identity source may hold the token alone, as API Gateway allows")
    void acceptsTokenWithoutScheme() throws Exception {
        assertThat(authorizer.authorize(rs256(trusted, b -> b))).isPresent();
    }

    @Test
    @DisplayName("two Authorization headers, as API Gateway joins them with a comma, are refused")
    void refusesRepeatedHeadersJoinedWithComma() throws Exception {
        String valid = rs256(trusted, b -> b);

        assertThat(refused("Bearer " + valid + ",Bearer " + valid)).isTrue();
        assertThat(refused("Bearer " + valid + ",garbage")).isTrue();
        assertThat(refused("garbage,Bearer " + valid)).isTrue();
    }

    @Test
    @DisplayName("an oversized token is refused before any parsing")
    void refusesOversizedToken() throws Exception {
        String huge = rs256(trusted, b -> b.claim("padding", "x".repeat(JwtAuthorizer.MAX_TOKEN_LENGTH)));

        assertThat(refused("Bearer " + huge)).isTrue();
    }
}

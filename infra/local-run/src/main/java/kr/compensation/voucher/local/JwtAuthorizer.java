package kr.compensation.voucher.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What API Gateway's HTTP API JWT authorizer does for one route, done locally before the handler runs: the token must
 * be an RS256-signed JWT from the configured issuer, signed by one of its keys, for the configured audience, within
 * exp and nbf. Anything else is refused; in particular {@code alg: none} and HMAC algorithms, so a public key can never
 * be used as an HMAC secret.
 */
public final class JwtAuthorizer {

    /** API Gateway refuses request headers beyond about 10 KB; a token this long is not one our providers issue. */
    public static final int MAX_TOKEN_LENGTH = 8 * 1024;

    private final String issuer;
    private final DefaultJWTProcessor<SecurityContext> processor;

    public JwtAuthorizer(String issuer, String audience, JWKSet keys) {
        this.issuer = issuer;
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256), new ImmutableJWKSet<>(keys)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(audience),
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("exp", "iss", "aud"),
                Set.of());
        // Same order of magnitude as API Gateway's tolerance; tokens minted here use whole seconds.
        claims.setMaxClockSkew(0);
        p.setJWTClaimsSetVerifier(claims);
        this.processor = p;
    }

    public String issuer() {
        return issuer;
    }

    /**
     * @param authorization the Authorization header value, possibly null
     * @return the token's claims as API Gateway passes them to the function (every value a string), or empty if the
     *         request must be answered 401
     */
    public Optional<Map<String, String>> authorize(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = authorization.substring(7).trim();
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        try {
            JWTClaimsSet claims = processor.process(token, null);
            return Optional.of(flatten(claims));
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** API Gateway hands claims to the function as strings: numbers as digits, arrays as "[a b]". */
    private static Map<String, String> flatten(JWTClaimsSet claims) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> claim : claims.getClaims().entrySet()) {
            Object value = claim.getValue();
            String text;
            if (value instanceof Date date) {
                text = Long.toString(date.getTime() / 1000);
            } else if (value instanceof List<?> list) {
                text = list.size() == 1 ? String.valueOf(list.get(0))
                        : "[" + String.join(" ", list.stream().map(String::valueOf).toList()) + "]";
            } else {
                text = String.valueOf(value);
            }
            out.put(claim.getKey(), text);
        }
        return out;
    }
}

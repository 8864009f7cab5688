package kr.compensation.voucher.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What API Gateway's HTTP API JWT authorizer does for one route, done locally before the handler runs. The rules, in
 * the order of "Authorizing API requests with a JWT authorizer" in
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html#http-api-jwt-authorizer.evaluation
 * (below: [JWT]):
 * <ol>
 *   <li>the identity source ({@code $request.header.Authorization}) holds the token alone or prefixed with
 *       {@code Bearer } [JWT, step 1];</li>
 *   <li>signature checked with the issuer's keys, RSA algorithms only [JWT, step 3]; here RS256, the one our
 *       providers use, so {@code alg: none} and HMAC are refused and a public key can never act as an HMAC secret;</li>
 *   <li>{@code kid} matches a key of the issuer, {@code iss} matches the configured issuer, {@code aud} or
 *       {@code client_id} matches the audience, {@code exp} after now, {@code nbf} and {@code iat} before now
 *       [JWT, step 4]; {@code client_id} is looked at only when there is no {@code aud}, and when both are present
 *       {@code aud} decides (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html).</li>
 * </ol>
 * The template's routes declare no authorization scopes, so the scope rule of step 4 has nothing to check.
 */
public final class JwtAuthorizer {

    /**
     * A token cannot be longer than what API Gateway accepts as request line and header values together (10,240
     * bytes, {@link HttpApiGateway#MAX_REQUEST_LINE_AND_HEADER_BYTES}); longer is refused before any parsing.
     */
    public static final int MAX_TOKEN_LENGTH = HttpApiGateway.MAX_REQUEST_LINE_AND_HEADER_BYTES;

    /** Why a token was refused, as API Gateway's www-authenticate error_description would say it. */
    public record Decision(Map<String, String> claims, String refusal) {

        static Decision refused(String why) {
            return new Decision(null, why);
        }

        public boolean allowed() {
            return claims != null;
        }
    }

    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final DefaultJWTProcessor<SecurityContext> processor;

    public JwtAuthorizer(String issuer, String audience, JWKSet keys) {
        this(issuer, audience, keys, Clock.systemUTC());
    }

    JwtAuthorizer(String issuer, String audience, JWKSet keys, Clock clock) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.clock = Objects.requireNonNull(clock, "clock");
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256), new ImmutableJWKSet<>(keys)));
        // iss exact, exp required and after now, nbf (when present) not after now. aud and client_id are checked
        // below, since the library knows no "aud, else client_id" rule.
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                null, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", "iss"), Set.of()) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        // API Gateway documents no clock tolerance: "after/before the current time in UTC".
        claims.setMaxClockSkew(0);
        p.setJWTClaimsSetVerifier(claims);
        this.processor = p;
    }

    public String issuer() {
        return issuer;
    }

    /**
     * @param authorization the Authorization header as API Gateway sees it (repeated headers joined with commas),
     *                      possibly null
     * @return the token's claims as API Gateway passes them to the function (every value a string), or empty if the
     *         request must be answered 401
     */
    public Optional<Map<String, String>> authorize(String authorization) {
        return Optional.ofNullable(decide(authorization).claims());
    }

    /** As {@link #authorize}, with the reason of a refusal. */
    public Decision decide(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Decision.refused("the token is missing");
        }
        // [JWT, step 1]: "The identitySource can include only the token, or the token prefixed with Bearer."
        String token = authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : authorization.trim();
        if (token.isEmpty()) {
            return Decision.refused("the token is missing");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            return Decision.refused("the token is too large");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (BadJWTException e) {
            return Decision.refused("the token has invalid claims");
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            return Decision.refused("the token is not valid");
        }
        if (!hasValidAudience(claims)) {
            // The wording API Gateway uses on the troubleshooting page.
            return Decision.refused("the token does not have a valid audience");
        }
        Date issuedAt = claims.getIssueTime();
        if (issuedAt != null && issuedAt.toInstant().isAfter(clock.instant())) {
            // [JWT, step 4]: iat "Must be before the current time in UTC."
            return Decision.refused("the token has invalid claims");
        }
        return new Decision(flatten(claims), null);
    }

    private boolean hasValidAudience(JWTClaimsSet claims) {
        List<String> aud = claims.getAudience();
        if (claims.getClaim("aud") != null) {
            return aud.contains(audience);
        }
        Object clientId = claims.getClaim("client_id");
        return clientId instanceof String id && id.equals(audience);
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

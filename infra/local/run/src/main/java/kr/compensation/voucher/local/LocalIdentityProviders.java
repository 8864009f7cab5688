package kr.compensation.voucher.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import kr.compensation.voucher.domain.IssuerRole;

/**
 * Stand-ins for the two identity providers the real system trusts: the customer sign-in and the identity-verification
 * service. One RSA key signs for both locally; each has its own issuer URL, so a token from one is refused on the
 * routes of the other, as in AWS. The key is generated per run and kept under .local/ so that {@code mint-token}
 * can sign demo tokens while the local run is up; it is worthless outside this machine.
 */
public final class LocalIdentityProviders {

    public static final String AUDIENCE = "voucher-api-local";
    private static final String KEY_FILE = "local-idp-key.json";

    private final RSAKey key;
    private final String baseUrl;

    private LocalIdentityProviders(RSAKey key, String baseUrl) {
        this.key = key;
        this.baseUrl = baseUrl;
    }

    /** A fresh key for a new local run, saved for the token minter. */
    public static LocalIdentityProviders create(Path stateDir, String baseUrl) throws IOException {
        RSAKey key;
        try {
            key = new RSAKeyGenerator(2048).keyID("local-" + UUID.randomUUID()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the local signing key", e);
        }
        Files.createDirectories(stateDir);
        Path tmp = Files.createTempFile(stateDir, "idp", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: the file still only holds a throwaway local key.
        }
        Files.writeString(tmp, "{\"baseUrl\":\"" + baseUrl + "\",\"jwk\":" + key.toJSONString() + "}");
        Files.move(tmp, stateDir.resolve(KEY_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new LocalIdentityProviders(key, baseUrl);
    }

    /** The key of the local run that is up now. */
    public static LocalIdentityProviders load(Path stateDir) throws IOException {
        Path file = stateDir.resolve(KEY_FILE);
        if (!Files.exists(file)) {
            throw new IOException("no local run key at " + file + ": start the local run first (infra/bin/run-local)");
        }
        try {
            Map<String, Object> json = JSONObjectUtils.parse(Files.readString(file));
            RSAKey key = RSAKey.parse(JSONObjectUtils.getJSONObject(json, "jwk"));
            return new LocalIdentityProviders(key, JSONObjectUtils.getString(json, "baseUrl"));
        } catch (ParseException e) {
            throw new IOException("unreadable local run key " + file, e);
        }
    }

    public String issuer(IssuerRole role) {
        return baseUrl + "/local-idp/" + role.code();
    }

    public JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }

    /**
     * The OpenID Connect endpoints of both providers (discovery, authorization, token with PKCE, JWKS) for the
     * customer page, whose one registered redirection URI is {@code redirectUri}.
     */
    LocalOpenIdProvider openIdConnect(String redirectUri) {
        return new LocalOpenIdProvider(this, redirectUri);
    }

    public String mint(IssuerRole role, String subject, Duration validity) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer(role))
                .subject(subject)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(validity)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        return sign(claims);
    }

    /**
     * Signs any claims with this run's key, as {@link #mint} does: for tests that need tokens no provider would
     * issue (expired, for another audience, without a subject) yet carrying a valid signature.
     */
    public String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a local token", e);
        }
        return jwt.serialize();
    }
}

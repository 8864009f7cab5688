package kr.compensation.voucher.lookup.api;

import java.util.Objects;
import java.util.Optional;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.domain.Principal;

/**
 * Turns the claims of a validated token into a {@link Principal}. The gateway's authorizers have already checked
 * signature, issuer, audience and expiry; this repeats the part that decides whose data is touched, as defence in
 * depth: the issuer must be the one the route's authorizer trusts, and the subject must be a plausible id.
 */
public final class Callers {

    private final String signInIssuer;
    private final String identityIssuer;

    public Callers(String signInIssuer, String identityIssuer) {
        this.signInIssuer = requireIssuer(signInIssuer, "sign-in");
        this.identityIssuer = requireIssuer(identityIssuer, "identity-verification");
        if (signInIssuer.equals(identityIssuer)) {
            throw new IllegalArgumentException("the sign-in and identity-verification issuers must differ: "
                    + "the issuer decides which customer a subject is");
        }
    }

    /** The issuer role of an {@code iss} value, compared exactly as the gateway does; empty when untrusted. */
    public Optional<IssuerRole> roleOf(String issuer) {
        if (signInIssuer.equals(issuer)) {
            return Optional.of(IssuerRole.SIGN_IN);
        }
        if (identityIssuer.equals(issuer)) {
            return Optional.of(IssuerRole.IDENTITY_VERIFICATION);
        }
        return Optional.empty();
    }

    /**
     * The caller, or empty when the token cannot identify one for this route: unknown or missing issuer, an issuer
     * other than the route's, a missing, blank or oversized subject.
     */
    public Optional<Principal> resolve(String issuer, String subject, IssuerRole routeRole) {
        if (subject == null || subject.length() > Principal.MAX_SUBJECT_LENGTH || subject.isBlank()) {
            return Optional.empty();
        }
        return roleOf(issuer).filter(role -> role == routeRole).map(role -> new Principal(role, subject));
    }

    private static String requireIssuer(String issuer, String what) {
        Objects.requireNonNull(issuer, what + " issuer");
        if (issuer.isBlank()) {
            throw new IllegalArgumentException("the " + what + " issuer is not configured");
        }
        return issuer;
    }
}

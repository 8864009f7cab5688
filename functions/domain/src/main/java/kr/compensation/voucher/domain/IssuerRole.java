package kr.compensation.voucher.domain;

/**
 * Which trusted identity provider vouched for the caller. Customers with an open account sign in; customers whose
 * account is closed prove who they are through the identity-verification service. The role, not the issuer URL,
 * goes into the customer key, so that ops can move an issuer to a new URL without re-keying 34 million rows.
 */
public enum IssuerRole {
    SIGN_IN("sign-in"),
    IDENTITY_VERIFICATION("identity-verification");

    private final String code;

    IssuerRole(String code) {
        this.code = code;
    }

    /** Stable name used in key derivation, CSV files and logs; never change it after the first load. */
    public String code() {
        return code;
    }

    public static IssuerRole fromCode(String code) {
        for (IssuerRole role : values()) {
            if (role.code.equals(code)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown issuer role: " + code);
    }
}

package kr.compensation.voucher.adapters.aws;

import java.util.Base64;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;

/**
 * Reads the customer-key pepper, once at init, from an SSM Parameter Store SecureString holding base64 of at least
 * 32 random bytes (ops create it with {@code openssl rand -base64 48}). It lives only in memory afterwards.
 */
public final class SsmPepper {

    private SsmPepper() {
    }

    public static byte[] load(SsmClient ssm, String parameterName) {
        String value;
        try {
            value = ssm.getParameter(GetParameterRequest.builder().name(parameterName).withDecryption(true).build())
                    .parameter().value();
        } catch (SdkException e) {
            throw new IllegalStateException("cannot read the customer-key pepper parameter " + parameterName, e);
        }
        return decode(value);
    }

    /** Decodes a base64 pepper and checks its length; also used for the local configuration value. */
    public static byte[] decode(String base64) {
        byte[] pepper;
        try {
            pepper = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the customer-key pepper must be base64", e);
        }
        if (pepper.length < CustomerKeyHasher.MIN_PEPPER_BYTES) {
            throw new IllegalStateException("the customer-key pepper must hold at least "
                    + CustomerKeyHasher.MIN_PEPPER_BYTES + " bytes");
        }
        return pepper;
    }
}

package kr.compensation.voucher.adapters.aws;

import java.util.Arrays;
import java.util.Base64;
import kr.compensation.voucher.aws.AwsClientSettings;
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

    /**
     * A function's customer-key hasher: the pepper from the named SSM parameter, through a client that lives only for
     * this one read, or, where no parameter is named (local run, tests), from the base64 local value. The pepper bytes
     * are zeroed afterwards; the hasher keeps its own copy inside its MAC key.
     */
    public static CustomerKeyHasher hasher(AwsClientSettings aws, String parameterName, String localPepper) {
        byte[] pepper;
        if (!parameterName.isEmpty()) {
            try (SsmClient ssm = AwsClients.ssm(aws)) {
                pepper = load(ssm, parameterName);
            }
        } else {
            pepper = decode(localPepper);
        }
        try {
            return new CustomerKeyHasher(pepper);
        } finally {
            Arrays.fill(pepper, (byte) 0);
        }
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

package kr.compensation.voucher.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives a {@link CustomerKey} from a principal. One rule for every writer and reader: the loader, the lookup and the
 * ops tools all call this, so a key computed anywhere matches the one stored.
 *
 * <p>Thread-safe: {@link Mac} is not, so each thread gets its own initialised copy.
 */
public final class CustomerKeyHasher {

    /** 32 bytes is HMAC-SHA256's block-size-independent security level; shorter peppers are refused. */
    public static final int MIN_PEPPER_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final ThreadLocal<Mac> mac;

    public CustomerKeyHasher(byte[] pepper) {
        if (pepper == null || pepper.length < MIN_PEPPER_BYTES) {
            throw new IllegalArgumentException("the pepper must be at least " + MIN_PEPPER_BYTES + " bytes");
        }
        SecretKeySpec key = new SecretKeySpec(pepper.clone(), ALGORITHM);
        // Fail at construction, not at the first request, if the JCE cannot do HMAC-SHA256.
        newMac(key);
        this.mac = ThreadLocal.withInitial(() -> newMac(key));
    }

    public CustomerKey keyOf(Principal principal) {
        return keyOf(principal.role(), principal.subject());
    }

    public CustomerKey keyOf(IssuerRole role, String subject) {
        Mac m = mac.get();
        m.update(role.code().getBytes(StandardCharsets.US_ASCII));
        // A separator that cannot occur in a role code keeps (role, subject) pairs from colliding.
        m.update((byte) 0);
        byte[] digest = m.doFinal(subject.getBytes(StandardCharsets.UTF_8));
        return new CustomerKey(ENCODER.encodeToString(digest));
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac m = Mac.getInstance(ALGORITHM);
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}

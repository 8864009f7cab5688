package kr.compensation.voucher.lookup.api;

import kr.compensation.voucher.domain.EligibilityView;

/**
 * Writes the eligibility body, e.g.
 * {@code {"eligible":true,"accountState":"ACTIVE","voucher":{"amount":50000,"currency":"KRW","status":"ISSUED",
 * "code":"…","expiresAt":"…"}}}.
 *
 * <p>By hand because the body is tiny and on every request: no reflection, no serializer lookup. No value needs
 * escaping: each comes from a validated domain type (enum names, an ISO currency code, a Crockford base32 voucher
 * code, an ISO-8601 instant) and never from request input.
 */
public final class EligibilityJson {

    private EligibilityJson() {
    }

    public static String render(EligibilityView view) {
        StringBuilder out = new StringBuilder(view.voucherCode() != null ? 192 : 128);
        out.append("{\"eligible\":").append(view.eligible());
        out.append(",\"accountState\":");
        if (view.accountState() != null) {
            out.append('"').append(view.accountState().name()).append('"');
        } else {
            out.append("null");
        }
        out.append(",\"voucher\":{\"amount\":").append(view.voucherValue().amount());
        out.append(",\"currency\":\"").append(view.voucherValue().currency()).append('"');
        out.append(",\"status\":\"").append(view.status().name()).append('"');
        if (view.voucherCode() != null) {
            out.append(",\"code\":\"").append(view.voucherCode()).append('"');
        }
        if (view.voucherExpiresAt() != null) {
            out.append(",\"expiresAt\":\"").append(view.voucherExpiresAt()).append('"');
        }
        return out.append("}}").toString();
    }
}

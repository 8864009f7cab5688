package kr.compensation.voucher.lookup.api;

/**
 * Every problem the API answers with (RFC 9457). The {@code type} URIs are part of the API contract: clients branch on
 * them, so they never change; titles and details are for people and come in Korean and English.
 */
public enum ProblemType {
    BAD_REQUEST("bad-request", 400,
            "잘못된 요청입니다", "요청 본문은 비어 있거나 JSON 객체여야 합니다.",
            "Bad request", "The request body must be empty or a JSON object."),
    UNAUTHORIZED("unauthorized", 401,
            "인증이 필요합니다", "로그인하거나 본인인증을 마친 뒤 다시 시도해 주세요.",
            "Authentication required", "Sign in or verify your identity, then try again."),
    NOT_OPEN_YET("not-open-yet", 403,
            "아직 신청 기간이 아닙니다", "보상 바우처 서비스는 %s부터 이용할 수 있습니다.",
            "Not open yet", "The compensation voucher service opens at %s."),
    NOT_ELIGIBLE("not-eligible", 403,
            "보상 대상이 아닙니다", "이 계정은 보상 바우처 지급 대상이 아닙니다.",
            "Not eligible", "This account is not eligible for a compensation voucher."),
    NOT_FOUND("not-found", 404,
            "찾을 수 없습니다", "요청한 주소가 없습니다.",
            "Not found", "There is no such resource."),
    METHOD_NOT_ALLOWED("method-not-allowed", 405,
            "허용되지 않는 요청 방식입니다", "이 주소는 %s 요청만 받습니다.",
            "Method not allowed", "This resource accepts %s requests only."),
    INTERNAL_ERROR("internal-error", 500,
            "서버 오류", "요청을 처리하지 못했습니다. 잠시 후 다시 시도해 주세요.",
            "Internal error", "The request could not be processed. Please try again later."),
    TEMPORARILY_UNAVAILABLE("temporarily-unavailable", 503,
            "일시적으로 처리할 수 없습니다", "요청이 많아 처리하지 못했습니다. 잠시 후 다시 시도해 주세요.",
            "Temporarily unavailable", "The service is busy. Please try again in a moment.");

    public static final String BASE_URI = "https://voucher.example.com/problems/";

    private final String uri;
    private final int status;
    private final String titleKo;
    private final String detailKo;
    private final String titleEn;
    private final String detailEn;

    ProblemType(String slug, int status, String titleKo, String detailKo, String titleEn, String detailEn) {
        this.uri = BASE_URI + slug;
        this.status = status;
        this.titleKo = titleKo;
        this.detailKo = detailKo;
        this.titleEn = titleEn;
        this.detailEn = detailEn;
    }

    public String uri() {
        return uri;
    }

    public int status() {
        return status;
    }

    public String title(Language language) {
        return language == Language.EN ? titleEn : titleKo;
    }

    /** The detail text; a {@code %s} in it is filled by the catalog (opening time, allowed methods). */
    public String detailTemplate(Language language) {
        return language == Language.EN ? detailEn : detailKo;
    }
}

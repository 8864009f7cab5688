package kr.compensation.voucher.lookup.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import kr.compensation.voucher.domain.EligibilityView;
import kr.compensation.voucher.domain.Opening;

/**
 * Every answer the API gives, prepared at init where it does not depend on the request: problem bodies per type and
 * language, header maps. A request then costs a map lookup, or for eligibility one small string.
 *
 * <p>The bodies are written with jackson-core's generator, not an {@code ObjectMapper}: the first mapper of a JVM
 * costs a few hundred milliseconds of init, which a cold start would pay for a dozen constant strings.
 */
public final class Responses {

    /** Opening times are shown to customers in Korean time, whatever the server's zone. */
    public static final ZoneId DISPLAY_ZONE = ZoneId.of("Asia/Seoul");
    /** How long a client should wait after a 503; short, because the cause (throttling) passes in seconds. */
    public static final long RETRY_AFTER_UNAVAILABLE_SECONDS = 2;

    static final String JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";
    private static final String CACHE_CONTROL = "Cache-Control";
    // Each answer is about one customer, right now: no browser, proxy or CDN may keep it.
    private static final String NO_STORE = "no-store";

    private static final DateTimeFormatter DETAIL_KO =
            DateTimeFormatter.ofPattern("uuuu'년' M'월' d'일' HH:mm'(한국 시간)'", Locale.KOREAN);
    private static final DateTimeFormatter DETAIL_EN =
            DateTimeFormatter.ofPattern("HH:mm 'on' d MMMM uuuu '(Korea time, UTC+09:00)'", Locale.ENGLISH);

    private static final Map<String, String> JSON_HEADERS =
            Map.of("Content-Type", JSON, CACHE_CONTROL, NO_STORE);

    private final Map<ProblemType, Map<Language, ApiResponse>> fixed = new EnumMap<>(ProblemType.class);
    private final Map<Language, String> notOpenYetBodies = new EnumMap<>(Language.class);
    private final Map<String, Map<Language, ApiResponse>> methodNotAllowed = new HashMap<>();
    private final String opensAt;

    public Responses(Opening opening, Collection<String> allowValues) {
        JsonFactory json = JsonFactory.builder().build();
        this.opensAt = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(opening.opensAt().atZone(DISPLAY_ZONE));
        for (ProblemType type : ProblemType.values()) {
            if (type == ProblemType.NOT_OPEN_YET || type == ProblemType.METHOD_NOT_ALLOWED) {
                continue;
            }
            Map<Language, ApiResponse> byLanguage = new EnumMap<>(Language.class);
            for (Language language : Language.values()) {
                Map<String, String> headers = problemHeaders(language);
                if (type == ProblemType.UNAUTHORIZED) {
                    headers.put("WWW-Authenticate", "Bearer");
                } else if (type == ProblemType.TEMPORARILY_UNAVAILABLE) {
                    headers.put("Retry-After", Long.toString(RETRY_AFTER_UNAVAILABLE_SECONDS));
                }
                byLanguage.put(language, new ApiResponse(type.status(), Map.copyOf(headers),
                        body(json, type, language, type.detailTemplate(language), null)));
            }
            fixed.put(type, byLanguage);
        }
        for (Language language : Language.values()) {
            DateTimeFormatter display = language == Language.EN ? DETAIL_EN : DETAIL_KO;
            String when = display.format(opening.opensAt().atZone(DISPLAY_ZONE));
            notOpenYetBodies.put(language, body(json, ProblemType.NOT_OPEN_YET, language,
                    ProblemType.NOT_OPEN_YET.detailTemplate(language).formatted(when), opensAt));
        }
        for (String allow : allowValues) {
            Map<Language, ApiResponse> byLanguage = new EnumMap<>(Language.class);
            for (Language language : Language.values()) {
                Map<String, String> headers = problemHeaders(language);
                headers.put("Allow", allow);
                byLanguage.put(language, new ApiResponse(405, Map.copyOf(headers), body(json,
                        ProblemType.METHOD_NOT_ALLOWED, language,
                        ProblemType.METHOD_NOT_ALLOWED.detailTemplate(language).formatted(allow), null)));
            }
            methodNotAllowed.put(allow, byLanguage);
        }
    }

    /** 200 (issued, or any read) or 202 (claim pending) with the caller's eligibility. */
    public ApiResponse eligibility(int status, EligibilityView view) {
        return new ApiResponse(status, JSON_HEADERS, EligibilityJson.render(view));
    }

    /** A problem whose body and headers do not depend on the request. */
    public ApiResponse problem(ProblemType type, Language language) {
        Map<Language, ApiResponse> byLanguage = fixed.get(type);
        if (byLanguage == null) {
            throw new IllegalArgumentException(type + " needs request data; use its own method");
        }
        return byLanguage.get(language);
    }

    public ApiResponse notOpenYet(Language language, long retryAfterSeconds) {
        Map<String, String> headers = problemHeaders(language);
        headers.put("Retry-After", Long.toString(retryAfterSeconds));
        return new ApiResponse(403, headers, notOpenYetBodies.get(language));
    }

    public ApiResponse methodNotAllowed(String allow, Language language) {
        Map<Language, ApiResponse> byLanguage = methodNotAllowed.get(allow);
        if (byLanguage == null) {
            throw new IllegalArgumentException("no prepared 405 for Allow: " + allow);
        }
        return byLanguage.get(language);
    }

    private static Map<String, String> problemHeaders(Language language) {
        Map<String, String> headers = new LinkedHashMap<>(8);
        headers.put("Content-Type", PROBLEM_JSON);
        headers.put("Content-Language", language.tag());
        headers.put(CACHE_CONTROL, NO_STORE);
        return headers;
    }

    /** An RFC 9457 problem; {@code opensAt} is the not-open-yet extension member, null for every other type. */
    private static String body(JsonFactory json, ProblemType type, Language language, String detail, String opensAt) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator problem = json.createGenerator(out)) {
            problem.writeStartObject();
            problem.writeStringField("type", type.uri());
            problem.writeStringField("title", type.title(language));
            problem.writeNumberField("status", type.status());
            problem.writeStringField("detail", detail);
            if (opensAt != null) {
                problem.writeStringField("opensAt", opensAt);
            }
            problem.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string failed", e);
        }
        return out.toString();
    }
}

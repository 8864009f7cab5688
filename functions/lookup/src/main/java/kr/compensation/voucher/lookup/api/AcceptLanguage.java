package kr.compensation.voucher.lookup.api;

/**
 * Picks the language of a problem from an Accept-Language header (RFC 9110 section 12.5.4): the supported language
 * with the highest quality wins, a range matches by its primary subtag ({@code en-GB} asks for English), a specific
 * range overrides {@code *}, {@code q=0} rules a language out, a range with a malformed weight is ignored, and ties
 * go to the range listed first. With nothing usable the answer is Korean.
 *
 * <p>Hand-written rather than {@code Locale.LanguageRange.parse}: that throws on the first malformed range and
 * allocates a list per call, and a header is client input.
 */
public final class AcceptLanguage {

    public static final Language DEFAULT = Language.KO;

    /** Gateways cap headers anyway; past this a header is not a real browser's and only costs work. */
    private static final int MAX_HEADER_CHARS = 1024;
    private static final int NOT_LISTED = -1;

    private AcceptLanguage() {
    }

    public static Language choose(String header) {
        if (header == null || header.isEmpty()) {
            return DEFAULT;
        }
        String value = header.length() > MAX_HEADER_CHARS ? header.substring(0, MAX_HEADER_CHARS) : header;
        // Quality in thousandths, and the position of the range that set it; NOT_LISTED when no range names it.
        int koQuality = NOT_LISTED;
        int enQuality = NOT_LISTED;
        int koPosition = Integer.MAX_VALUE;
        int enPosition = Integer.MAX_VALUE;
        int wildcardQuality = NOT_LISTED;
        int wildcardPosition = Integer.MAX_VALUE;

        int position = 0;
        int start = 0;
        int length = value.length();
        while (start <= length) {
            int end = value.indexOf(',', start);
            if (end < 0) {
                end = length;
            }
            int semicolon = value.indexOf(';', start);
            int tagEnd = semicolon >= 0 && semicolon < end ? semicolon : end;
            int quality = tagEnd < end ? quality(value, tagEnd + 1, end) : 1000;
            if (quality >= 0) {
                int tagStart = skipSpaces(value, start, tagEnd);
                int tagStop = trimEnd(value, tagStart, tagEnd);
                Language language = primaryLanguage(value, tagStart, tagStop);
                if (language == Language.KO && quality > koQuality) {
                    koQuality = quality;
                    koPosition = position;
                } else if (language == Language.EN && quality > enQuality) {
                    enQuality = quality;
                    enPosition = position;
                } else if (language == null && tagStop - tagStart == 1 && value.charAt(tagStart) == '*'
                        && quality > wildcardQuality) {
                    wildcardQuality = quality;
                    wildcardPosition = position;
                }
            }
            position++;
            start = end + 1;
        }
        if (koQuality == NOT_LISTED) {
            koQuality = wildcardQuality;
            koPosition = wildcardPosition;
        }
        if (enQuality == NOT_LISTED) {
            enQuality = wildcardQuality;
            enPosition = wildcardPosition;
        }
        if (enQuality > 0 && (enQuality > koQuality || (enQuality == koQuality && enPosition < koPosition))) {
            return Language.EN;
        }
        return DEFAULT;
    }

    /** The language a range asks for by its primary subtag, or null (other languages, {@code *}, garbage). */
    private static Language primaryLanguage(String value, int from, int to) {
        int primaryEnd = value.indexOf('-', from);
        if (primaryEnd < 0 || primaryEnd > to) {
            primaryEnd = to;
        }
        if (primaryEnd - from != 2) {
            return null;
        }
        char a = Character.toLowerCase(value.charAt(from));
        char b = Character.toLowerCase(value.charAt(from + 1));
        if (a == 'k' && b == 'o') {
            return Language.KO;
        }
        if (a == 'e' && b == 'n') {
            return Language.EN;
        }
        return null;
    }

    /**
     * Reads the parameters after a range, e.g. {@code q=0.8}; returns the weight in thousandths, 1000 when there is
     * no q parameter, or -1 when the weight is malformed (the range is then ignored).
     */
    private static int quality(String value, int from, int to) {
        int i = from;
        while (i < to) {
            int paramEnd = value.indexOf(';', i);
            if (paramEnd < 0 || paramEnd > to) {
                paramEnd = to;
            }
            int nameStart = skipSpaces(value, i, paramEnd);
            int equals = value.indexOf('=', nameStart);
            if (equals >= 0 && equals < paramEnd && trimEnd(value, nameStart, equals) - nameStart == 1
                    && (value.charAt(nameStart) == 'q' || value.charAt(nameStart) == 'Q')) {
                return weight(value, skipSpaces(value, equals + 1, paramEnd), trimEnd(value, equals + 1, paramEnd));
            }
            i = paramEnd + 1;
        }
        return 1000;
    }

    /** RFC 9110 qvalue: {@code 0[.ddd]} or {@code 1[.000]}. */
    private static int weight(String value, int from, int to) {
        if (from >= to || to - from > 5) {
            return -1;
        }
        char first = value.charAt(from);
        if (first != '0' && first != '1') {
            return -1;
        }
        int thousandths = (first - '0') * 1000;
        if (to - from == 1) {
            return thousandths;
        }
        if (value.charAt(from + 1) != '.') {
            return -1;
        }
        int scale = 100;
        for (int i = from + 2; i < to; i++) {
            char digit = value.charAt(i);
            if (digit < '0' || digit > '9') {
                return -1;
            }
            thousandths += (digit - '0') * scale;
            scale /= 10;
        }
        return thousandths > 1000 ? -1 : thousandths;
    }

    private static int skipSpaces(String value, int from, int to) {
        int i = from;
        while (i < to && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int trimEnd(String value, int from, int to) {
        int i = to;
        while (i > from && (value.charAt(i - 1) == ' ' || value.charAt(i - 1) == '\t')) {
            i--;
        }
        return i;
    }
}

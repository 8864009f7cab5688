package kr.compensation.voucher.lookup.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Checks a claim's body. A claim needs no input: the caller is the token's subject. Clients may send nothing or a
 * small JSON object (some always send {@code {}}); its members are ignored, so no field can name another customer.
 * What is accepted is exactly docs/api/openapi.yaml's ClaimRequest: at most {@value #MAX_MEMBERS} members, names of
 * at most {@value #MAX_NAME_LENGTH} characters, values that are strings of at most {@value #MAX_STRING_LENGTH}
 * characters, integers within +/-{@value #MAX_INTEGER}, booleans or null. Anything else is a malformed request, so a
 * client tested against the document meets the same gate as the service (schemathesis holds both to it).
 */
public final class ClaimBody {

    /**
     * Refused before parsing: the largest body the rules below allow, every character escaped as a surrogate pair
     * ({@code \\uXXXX\\uXXXX}), stays under it.
     */
    public static final int MAX_BODY_CHARS = 1024;
    public static final int MAX_MEMBERS = 2;
    public static final int MAX_NAME_LENGTH = 16;
    public static final int MAX_STRING_LENGTH = 16;
    public static final long MAX_INTEGER = 1_000_000_000L;

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final BigDecimal LIMIT = BigDecimal.valueOf(MAX_INTEGER);

    private ClaimBody() {
    }

    public static boolean isAcceptable(String body, boolean base64Encoded) {
        if (body == null || body.isEmpty()) {
            return true;
        }
        if (body.length() > (base64Encoded ? MAX_BODY_CHARS * 4 / 3 + 4 : MAX_BODY_CHARS)) {
            return false;
        }
        String text = body;
        if (base64Encoded) {
            try {
                text = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (isJsonWhitespace(text)) {
            return true;
        }
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            int members = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                // A field name, then its value.
                if (++members > MAX_MEMBERS || codePoints(parser.currentName()) > MAX_NAME_LENGTH
                        || !isAllowedValue(parser, parser.nextToken())) {
                    return false;
                }
            }
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isAllowedValue(JsonParser parser, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_STRING -> codePoints(parser.getText()) <= MAX_STRING_LENGTH;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> isIntegerWithinLimit(parser.getDecimalValue());
            case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> true;
            default -> false;
        };
    }

    /** JSON Schema's integer is a mathematical one: 3.0 is an integer, 3.5 is not. */
    private static boolean isIntegerWithinLimit(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        return stripped.scale() <= 0 && stripped.abs().compareTo(LIMIT) <= 0;
    }

    /**
     * Only JSON's own whitespace (RFC 8259: space, tab, line feed, carriage return) counts as no body; Java's isBlank
     * would also let control characters such as U+001F through.
     */
    private static boolean isJsonWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }
}

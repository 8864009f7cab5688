package kr.compensation.voucher.lookup.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Checks a claim's body. A claim needs no input: the caller is the token's subject. Clients may send nothing or a
 * JSON object (some always send {@code {}}); its members are ignored, so no field can name another customer.
 * Anything else is a malformed request.
 */
public final class ClaimBody {

    /** A claim has nothing to say; a kilobyte and more is not a client of ours and is not worth parsing. */
    public static final int MAX_BODY_CHARS = 1024;

    private static final JsonFactory JSON = JsonFactory.builder().build();

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
        if (text.isBlank()) {
            return true;
        }
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}

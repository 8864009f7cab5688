package kr.compensation.voucher.adapters.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.IssueRequest;
import kr.compensation.voucher.domain.IssueSource;

/**
 * The wire format of issue requests on the queue: versioned JSON,
 * {@code {"v":1,"customerKey":"…","source":"CUSTOMER_CLAIM","requestId":"…","requestedAt":"…Z"}}.
 * Decoding is strict: anything else is a {@link MalformedIssueRequest}, which the issuer sends to the dead-letter
 * queue instead of guessing.
 */
public final class IssueRequestCodec {

    /** A well-formed request is about 200 bytes; refusing big bodies before parsing bounds the work an attacker can cause. */
    public static final int MAX_BODY_CHARS = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();

    public String encode(IssueRequest request) {
        ObjectNode node = JSON.createObjectNode();
        node.put("v", IssueRequest.CURRENT_VERSION);
        node.put("customerKey", request.customerKey().value());
        node.put("source", request.source().name());
        node.put("requestId", request.requestId());
        node.put("requestedAt", request.requestedAt().toString());
        return node.toString();
    }

    public IssueRequest decode(String body) {
        if (body == null || body.isEmpty()) {
            throw new MalformedIssueRequest("empty body");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw new MalformedIssueRequest("body longer than " + MAX_BODY_CHARS + " characters");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedIssueRequest("not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedIssueRequest("not a JSON object");
        }
        JsonNode version = node.get("v");
        if (version == null || !version.isIntegralNumber()) {
            throw new MalformedIssueRequest("missing or non-integer version");
        }
        // canConvertToInt first: asInt() narrows 4294967297 (2^32 + 1) to 1, which would pass as version 1.
        if (!version.canConvertToInt() || version.intValue() != IssueRequest.CURRENT_VERSION) {
            throw new MalformedIssueRequest("unknown version " + version.asText());
        }
        String key = text(node, "customerKey");
        if (!CustomerKey.isWellFormed(key)) {
            throw new MalformedIssueRequest("customerKey is not a customer key");
        }
        IssueSource source;
        try {
            source = IssueSource.valueOf(text(node, "source"));
        } catch (IllegalArgumentException e) {
            throw new MalformedIssueRequest("unknown source");
        }
        Instant requestedAt;
        try {
            requestedAt = Instant.parse(text(node, "requestedAt"));
        } catch (DateTimeParseException e) {
            throw new MalformedIssueRequest("requestedAt is not an ISO-8601 instant");
        }
        try {
            return new IssueRequest(new CustomerKey(key), source, text(node, "requestId"), requestedAt);
        } catch (IllegalArgumentException e) {
            throw new MalformedIssueRequest(e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new MalformedIssueRequest("missing or non-text " + field);
        }
        return value.textValue();
    }

    /** The message can never be processed as it is; the reason never quotes the body, which may hold anything. */
    public static final class MalformedIssueRequest extends RuntimeException {
        public MalformedIssueRequest(String reason) {
            super(reason);
        }
    }
}

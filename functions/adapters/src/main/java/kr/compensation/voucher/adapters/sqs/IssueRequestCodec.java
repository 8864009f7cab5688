package kr.compensation.voucher.adapters.sqs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.IssueRequest;
import kr.compensation.voucher.domain.IssueSource;

/**
 * The wire format of issue requests on the queue: versioned JSON,
 * {@code {"v":1,"customerKey":"…","source":"CUSTOMER_CLAIM","requestId":"…","requestedAt":"…Z"}}.
 * Decoding is strict: anything else is a {@link MalformedIssueRequest}, which the issuer sends to the dead-letter
 * queue instead of guessing. Unknown members are skipped (a newer writer may add some); a member given twice, or
 * anything after the object, is malformed.
 *
 * <p>jackson-core's streaming parser and generator, not an {@code ObjectMapper}: creating the first mapper costs a
 * fresh JVM a few hundred milliseconds and some 400 classes, which both functions would pay on every cold start
 * for one small message shape.
 */
public final class IssueRequestCodec {

    /** A well-formed request is about 200 bytes; refusing big bodies before parsing bounds the work an attacker can cause. */
    public static final int MAX_BODY_CHARS = 4096;

    private static final JsonFactory JSON = JsonFactory.builder().build();

    public String encode(IssueRequest request) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("v", IssueRequest.CURRENT_VERSION);
            json.writeStringField("customerKey", request.customerKey().value());
            json.writeStringField("source", request.source().name());
            json.writeStringField("requestId", request.requestId());
            json.writeStringField("requestedAt", request.requestedAt().toString());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string failed", e);
        }
        return out.toString();
    }

    public IssueRequest decode(String body) {
        if (body == null || body.isEmpty()) {
            throw new MalformedIssueRequest("empty body");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw new MalformedIssueRequest("body longer than " + MAX_BODY_CHARS + " characters");
        }
        Members members = read(body);
        // Checked in this order whatever the order of the members, so one message always gets the same reason.
        if (members.version == null) {
            throw new MalformedIssueRequest("missing or non-integer version");
        }
        // An int only: 4294967297 (2^32 + 1) narrowed to int is 1, which would pass as version 1.
        if (!members.versionIsInt || members.versionValue != IssueRequest.CURRENT_VERSION) {
            throw new MalformedIssueRequest("unknown version " + members.version);
        }
        String key = required(members.customerKey, "customerKey");
        if (!CustomerKey.isWellFormed(key)) {
            throw new MalformedIssueRequest("customerKey is not a customer key");
        }
        IssueSource source;
        try {
            source = IssueSource.valueOf(required(members.source, "source"));
        } catch (IllegalArgumentException e) {
            throw new MalformedIssueRequest("unknown source");
        }
        Instant requestedAt;
        try {
            requestedAt = Instant.parse(required(members.requestedAt, "requestedAt"));
        } catch (DateTimeParseException e) {
            throw new MalformedIssueRequest("requestedAt is not an ISO-8601 instant");
        }
        try {
            return new IssueRequest(new CustomerKey(key), source, required(members.requestId, "requestId"),
                    requestedAt);
        } catch (IllegalArgumentException e) {
            throw new MalformedIssueRequest(e.getMessage());
        }
    }

    private static Members read(String body) {
        Members members = new Members();
        try (JsonParser json = JSON.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedIssueRequest("not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                switch (name) {
                    case "v" -> members.version(value, json);
                    case "customerKey" -> members.customerKey = members.text(value, json, name, members.customerKey);
                    case "source" -> members.source = members.text(value, json, name, members.source);
                    case "requestId" -> members.requestId = members.text(value, json, name, members.requestId);
                    case "requestedAt" -> members.requestedAt = members.text(value, json, name, members.requestedAt);
                    default -> json.skipChildren();
                }
            }
            if (json.nextToken() != null) {
                throw new MalformedIssueRequest("content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new MalformedIssueRequest("not JSON");
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string failed", e);
        }
        return members;
    }

    private static String required(Object value, String field) {
        if (!(value instanceof String text)) {
            throw new MalformedIssueRequest("missing or non-text " + field);
        }
        return text;
    }

    /** What the body said, before any judgement; a non-text value of a text member is kept as {@link #NOT_TEXT}. */
    private static final class Members {
        private static final Object NOT_TEXT = new Object();

        private boolean seenVersion;
        private String version;
        private boolean versionIsInt;
        private int versionValue;
        private Object customerKey;
        private Object source;
        private Object requestId;
        private Object requestedAt;

        void version(JsonToken value, JsonParser json) throws IOException {
            if (seenVersion) {
                throw new MalformedIssueRequest("v given twice");
            }
            seenVersion = true;
            if (value == JsonToken.VALUE_NUMBER_INT) {
                version = json.getText();
                versionIsInt = json.getNumberType() == JsonParser.NumberType.INT;
                versionValue = versionIsInt ? json.getIntValue() : 0;
            } else {
                json.skipChildren();
            }
        }

        Object text(JsonToken value, JsonParser json, String name, Object earlier) throws IOException {
            if (earlier != null) {
                throw new MalformedIssueRequest(name + " given twice");
            }
            if (value == JsonToken.VALUE_STRING) {
                return json.getText();
            }
            json.skipChildren();
            return NOT_TEXT;
        }
    }

    /** The message can never be processed as it is; the reason never quotes the body, which may hold anything. */
    public static final class MalformedIssueRequest extends RuntimeException {
        public MalformedIssueRequest(String reason) {
            super(reason);
        }
    }
}

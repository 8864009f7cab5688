package kr.compensation.voucher.adapters.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import kr.compensation.voucher.adapters.sqs.IssueRequestCodec.MalformedIssueRequest;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.IssueRequest;
import kr.compensation.voucher.domain.IssueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Needs nothing running: the wire format of issue requests. */
class IssueRequestCodecTest {

    private static final String KEY = "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE";
    private static final IssueRequest REQUEST = new IssueRequest(new CustomerKey(KEY), IssueSource.OPS_BULK,
            "bulk-2027-01-15-000001", Instant.parse("2027-01-15T00:00:00.250Z"));

    private final IssueRequestCodec codec = new IssueRequestCodec();

    @Test
    void decode_shouldReturnTheEncodedRequest() {
        assertThat(codec.decode(codec.encode(REQUEST))).isEqualTo(REQUEST);
    }

    @Test
    void encode_shouldWriteVersionOneWithNamedFields() throws Exception {
        JsonNode json = new ObjectMapper().readTree(codec.encode(REQUEST));

        assertThat(json.get("v").asInt()).isEqualTo(1);
        assertThat(json.get("customerKey").asText()).isEqualTo(KEY);
        assertThat(json.get("source").asText()).isEqualTo("OPS_BULK");
        assertThat(json.get("requestId").asText()).isEqualTo("bulk-2027-01-15-000001");
        assertThat(json.get("requestedAt").asText()).isEqualTo("2027-01-15T00:00:00.250Z");
    }

    @Test
    void decode_shouldAcceptAHandWrittenVersionOneMessage() {
        IssueRequest decoded = codec.decode("{\"v\":1,\"customerKey\":\"" + KEY + "\",\"source\":\"CUSTOMER_CLAIM\","
                + "\"requestId\":\"r-1\",\"requestedAt\":\"2027-01-15T00:00:01Z\"}");

        assertThat(decoded.source()).isEqualTo(IssueSource.CUSTOMER_CLAIM);
        assertThat(decoded.requestedAt()).isEqualTo(Instant.parse("2027-01-15T00:00:01Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not json",
            "[1,2,3]",
            "\"a string\"",
            "{}",
            "{\"v\":\"1\",\"customerKey\":\"" + KEY + "\",\"source\":\"OPS_BULK\",\"requestId\":\"r\",\"requestedAt\":\"2027-01-15T00:00:00Z\"}",
            "{\"v\":2,\"customerKey\":\"" + KEY + "\",\"source\":\"OPS_BULK\",\"requestId\":\"r\",\"requestedAt\":\"2027-01-15T00:00:00Z\"}",
            "{\"v\":1.5,\"customerKey\":\"" + KEY + "\",\"source\":\"OPS_BULK\",\"requestId\":\"r\",\"requestedAt\":\"2027-01-15T00:00:00Z\"}",
            "{\"v\":1,\"source\":\"OPS_BULK\",\"requestId\":\"r\",\"requestedAt\":\"2027-01-15T00:00:00Z\"}",
            "{\"v\":1,\"customerKey\":\"tooShort\",\"source\":\"OPS_BULK\",\"requestId\":\"r\",\"requestedAt\":\"2027-01-15T00:00:00Z\"}",
            "{\"v\":1,\"customerKey\":42,\"source\":\"OPS_BULK\",\"requestId\":\"r\",\"requestedAt\":\"2027-01-15T00:00:00Z\"}",
            "{\"v\":1,\"customerKey\":\"" + KEY + "\",\"source\":\"WALK_IN\",\"requestId\":\"r\",\"requestedAt\":\"2027-01-15T00:00:00Z\"}",
            "{\"v\":1,\"customerKey\":\"" + KEY + "\",\"source\":\"OPS_BULK\",\"requestId\":\" \",\"requestedAt\":\"2027-01-15T00:00:00Z\"}",
            "{\"v\":1,\"customerKey\":\"" + KEY + "\",\"source\":\"OPS_BULK\",\"requestedAt\":\"2027-01-15T00:00:00Z\"}",
            "{\"v\":1,\"customerKey\":\"" + KEY + "\",\"source\":\"OPS_BULK\",\"requestId\":\"r\",\"requestedAt\":\"2027-01-15 00:00\"}"
    })
    void decode_shouldRefuseAnythingButAWellFormedVersionOneRequest(String body) {
        assertThatThrownBy(() -> codec.decode(body)).isInstanceOf(MalformedIssueRequest.class);
    }

    @Test
    void decode_shouldSkipUnknownMembersOfAnyShape() {
        IssueRequest decoded = codec.decode("{\"future\":{\"nested\":[1,{\"v\":2}]},\"requestedAt\":"
                + "\"2027-01-15T00:00:01Z\",\"requestId\":\"r-1\",\"source\":\"CUSTOMER_CLAIM\",\"customerKey\":\""
                + KEY + "\",\"v\":1,\"note\":null}");

        assertThat(decoded.requestId()).isEqualTo("r-1");
        assertThat(decoded.customerKey().value()).isEqualTo(KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v", "customerKey", "source", "requestId", "requestedAt"})
    void decode_shouldRefuseAMemberGivenTwice(String member) {
        String body = codec.encode(REQUEST);
        String twice = body.substring(0, body.length() - 1) + ",\"" + member + "\":" + (member.equals("v") ? "1" : "\"x\"")
                + "}";

        assertThatThrownBy(() -> codec.decode(twice)).isInstanceOf(MalformedIssueRequest.class)
                .hasMessageContaining("twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {" {}", "x", " []", "{\"v\":1}"})
    void decode_shouldRefuseContentAfterTheObject(String tail) {
        String body = codec.encode(REQUEST) + tail;

        assertThatThrownBy(() -> codec.decode(body)).isInstanceOf(MalformedIssueRequest.class);
    }

    @Test
    void decode_shouldGiveTheSameReasonWhateverTheOrderOfTheMembers() {
        String versionFirst = "{\"v\":2,\"customerKey\":42}";
        String versionLast = "{\"customerKey\":42,\"v\":2}";

        assertThatThrownBy(() -> codec.decode(versionFirst)).hasMessage("unknown version 2");
        assertThatThrownBy(() -> codec.decode(versionLast)).hasMessage("unknown version 2");
    }

    @Test
    void decode_shouldRefuseANullBody() {
        assertThatThrownBy(() -> codec.decode(null)).isInstanceOf(MalformedIssueRequest.class);
    }

    @Test
    void decode_shouldRefuseARequestIdLongerThanSixtyFourCharacters() {
        String body = codec.encode(REQUEST).replace("bulk-2027-01-15-000001", "r".repeat(65));

        assertThatThrownBy(() -> codec.decode(body)).isInstanceOf(MalformedIssueRequest.class);
    }

    @Test
    void decode_shouldRefuseAnOversizedBodyBeforeParsingIt() {
        String body = "{\"pad\":\"" + "x".repeat(IssueRequestCodec.MAX_BODY_CHARS) + "\"}";

        assertThatThrownBy(() -> codec.decode(body)).isInstanceOf(MalformedIssueRequest.class)
                .hasMessageContaining("longer than");
    }

    @Test
    void malformedIssueRequest_shouldNeverQuoteTheBody() {
        String secretLooking = "{\"v\":1,\"customerKey\":\"010-1234-5678 Hong Gildong\",\"source\":\"OPS_BULK\"}";

        assertThatThrownBy(() -> codec.decode(secretLooking))
                .isInstanceOf(MalformedIssueRequest.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("010-1234-5678").doesNotContain("Hong"));
    }
}

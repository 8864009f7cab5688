package kr.compensation.voucher.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kr.compensation.voucher.domain.Principal;
import kr.compensation.voucher.domain.VoucherCode;
import kr.compensation.voucher.lookup.api.ClaimBody;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Needs nothing running: docs/api/openapi.yaml read as the build names it. Its examples must be valid (against the
 * schema they stand in, and voucher codes against the project's own check symbol) and the limits it states must be
 * the ones the code enforces.
 */
class OpenApiExamplesTest {

    private static final OpenApiDocument API = OpenApiDocument.load();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CODE_SHAPED = Pattern.compile("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{5}");

    private record Example(String schemaPointer, JsonNode value) {
    }

    @Test
    @DisplayName("every example in the document validates against the schema it belongs to")
    void everyExample_validatesAgainstItsSchema() {
        List<Example> examples = new ArrayList<>();
        collect(API.document(), "", examples);

        assertThat(examples).as("examples found").hasSizeGreaterThan(10);
        for (Example example : examples) {
            assertThat(API.validate(example.schemaPointer(), example.value()))
                    .as("example %s at %s", example.value(), example.schemaPointer()).isEmpty();
        }
    }

    @Test
    @DisplayName("every voucher code in the document, in examples or prose, passes VoucherCode's check symbol")
    void everyVoucherCode_inTheDocument_isWellFormed() throws Exception {
        String text = JSON.writeValueAsString(API.document());
        Matcher codes = CODE_SHAPED.matcher(text);
        List<String> found = new ArrayList<>();
        while (codes.find()) {
            if (!codes.group().equals("XXXX-XXXX-XXXX-XXXXC")) {
                // That one is the format's picture in the prose, not a code.
                found.add(codes.group());
            }
        }

        assertThat(found).isNotEmpty().allSatisfy(code -> assertThat(VoucherCode.isWellFormed(code))
                .as("%s is a well-formed voucher code", code).isTrue());
    }

    @Test
    @DisplayName("the document states the claim-body, subject and Accept-Language limits the code enforces")
    void statedLimits_areTheEnforcedOnes() {
        String info = API.document().path("info").path("description").asText();
        String claim = API.document().at("/components/requestBodies/Claim/description").asText();

        assertThat(claim).contains(String.format("at most %,d characters", ClaimBody.MAX_BODY_CHARS));
        assertThat(info).contains(String.format("at most %,d characters", ClaimBody.MAX_BODY_CHARS))
                .contains(String.format("at most %,d characters, measured before decoding",
                        ClaimBody.MAX_BODY_CHARS * 4 / 3 + 4))
                .contains(String.format("1 to %,d characters", Principal.MAX_SUBJECT_LENGTH))
                .contains("10,240 bytes");
        assertThat(ClaimBody.isAcceptable("{\"a\":\"" + "x".repeat(ClaimBody.MAX_BODY_CHARS) + "\"}", false))
                .as("over the limit is refused").isFalse();
    }

    @Test
    @DisplayName("the largest claim body the schema allows, every character escaped as a surrogate pair, fits the "
            + "service's limit and is accepted")
    void largestSchemaValidClaim_isAccepted() {
        JsonNode schema = API.document().at("/components/schemas/ClaimRequest");
        int members = schema.path("maxProperties").asInt();
        int nameLength = schema.path("propertyNames").path("maxLength").asInt();
        int valueLength = schema.path("additionalProperties").path("anyOf").get(0).path("maxLength").asInt();
        String emoji = "\\ud83d\\ude00";
        StringBuilder body = new StringBuilder("{");
        for (int m = 0; m < members; m++) {
            body.append(m == 0 ? "" : ", ").append('"').append(String.valueOf(m)).append(emoji.repeat(nameLength - 1))
                    .append("\": \"").append(emoji.repeat(valueLength)).append('"');
        }
        body.append('}');
        ObjectNode parsed;
        try {
            parsed = (ObjectNode) JSON.readTree(body.toString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        assertThat(members).isEqualTo(ClaimBody.MAX_MEMBERS);
        assertThat(nameLength).isEqualTo(ClaimBody.MAX_NAME_LENGTH);
        assertThat(valueLength).isEqualTo(ClaimBody.MAX_STRING_LENGTH);
        assertThat(schema.path("additionalProperties").path("anyOf").get(1).path("maximum").asLong())
                .isEqualTo(ClaimBody.MAX_INTEGER);
        assertThat(API.validate("/components/schemas/ClaimRequest", parsed)).isEmpty();
        assertThat(body.length()).isLessThanOrEqualTo(ClaimBody.MAX_BODY_CHARS);
        assertThat(ClaimBody.isAcceptable(body.toString(), false)).isTrue();
    }

    /** Schema-level {@code examples} arrays (and {@code example} values) wherever they are, with their schema. */
    private static void collect(JsonNode node, String pointer, List<Example> into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String childPointer = pointer + "/" + field.getKey().replace("~", "~0").replace("/", "~1");
                boolean inSchema = pointer.contains("/schemas/") || pointer.endsWith("/schema")
                        || pointer.contains("/schema/");
                if (inSchema && field.getKey().equals("examples") && field.getValue().isArray()) {
                    field.getValue().forEach(value -> into.add(new Example(pointer, value)));
                } else if (inSchema && field.getKey().equals("example")) {
                    into.add(new Example(pointer, field.getValue()));
                } else if (!inSchema && (field.getKey().equals("examples") || field.getKey().equals("example"))
                        && !pointer.isEmpty()) {
                    throw new AssertionError("an example outside a schema is not checked yet: " + childPointer);
                } else {
                    collect(field.getValue(), childPointer, into);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, into);
            }
        }
    }
}

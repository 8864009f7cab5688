package kr.compensation.voucher.localevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nothing running: the pipe's input transformation. */
class InputTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void quotedPlaceholders_takeTheStringEscaped_unquotedOnes_takeJson() throws Exception {
        JsonNode record = JSON.readTree("{\"d\": {\"s\": \"a\\\"b\", \"o\": {\"k\": [1, 2]}}, \"list\": [\"p\", \"q\"]}");
        String out = new InputTemplate("{\"s\": \"<$.d.s>\", \"o\": <$.d.o>, \"second\": \"<$.list[1]>\", "
                + "\"pipe\": \"<aws.pipes.pipe-name>\"}").render(record, Map.of("aws.pipes.pipe-name", "p1"));
        assertThat(JSON.readTree(out)).isEqualTo(JSON.readTree(
                "{\"s\": \"a\\\"b\", \"o\": {\"k\": [1, 2]}, \"second\": \"q\", \"pipe\": \"p1\"}"));
    }

    @Test
    void aMissingPath_orAnUnquotedString_failsTheRecord() throws Exception {
        JsonNode record = JSON.readTree("{\"d\": {\"s\": \"x\"}}");
        assertThatThrownBy(() -> new InputTemplate("{\"v\": \"<$.d.missing>\"}").render(record, Map.of()))
                .hasMessageContaining("$.d.missing");
        assertThatThrownBy(() -> new InputTemplate("{\"v\": <$.d.s>}").render(record, Map.of()))
                .hasMessageContaining("not inside quotes");
        assertThatThrownBy(() -> new InputTemplate("\"<aws.pipes.event.json>\"").render(record, Map.of()))
                .hasMessageContaining("aws.pipes.event.json");
    }
}

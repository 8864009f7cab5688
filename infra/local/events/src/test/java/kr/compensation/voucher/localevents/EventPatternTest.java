package kr.compensation.voucher.localevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Nothing running: EventBridge pattern matching for the operators the stand-in implements. */
class EventPatternTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void exactValues_matchAnyAlternative_andEveryFieldMustMatch() throws Exception {
        EventPattern pattern = EventPattern.parse(json("{\"a\": [\"x\", \"y\"], \"b\": {\"c\": [1]}}"));
        assertThat(pattern.matches(json("{\"a\": \"y\", \"b\": {\"c\": 1.0}}"))).isTrue();
        assertThat(pattern.matches(json("{\"a\": \"z\", \"b\": {\"c\": 1}}"))).isFalse();
        assertThat(pattern.matches(json("{\"a\": \"x\"}"))).isFalse();
        assertThat(pattern.matches(json("{\"a\": [\"q\", \"x\"], \"b\": {\"c\": 1}}"))).isTrue();
    }

    @Test
    void existsFalse_matchesAnAbsentLeaf_evenWhenItsParentIsAbsent() throws Exception {
        EventPattern pattern = EventPattern.parse(json("{\"old\": {\"code\": {\"S\": [{\"exists\": false}]}}}"));
        assertThat(pattern.matches(json("{}"))).isTrue();
        assertThat(pattern.matches(json("{\"old\": {\"other\": {\"S\": \"1\"}}}"))).isTrue();
        assertThat(pattern.matches(json("{\"old\": {\"code\": {\"S\": \"X\"}}}"))).isFalse();
    }

    @Test
    void existsTrue_matchesOnlyAPresentLeaf() throws Exception {
        EventPattern pattern = EventPattern.parse(json("{\"new\": {\"code\": [{\"exists\": true}]}}"));
        assertThat(pattern.matches(json("{\"new\": {\"code\": \"X\"}}"))).isTrue();
        assertThat(pattern.matches(json("{\"new\": {\"code\": {\"S\": \"X\"}}}"))).isFalse();
        assertThat(pattern.matches(json("{\"new\": {}}"))).isFalse();
    }

    @Test
    void operatorsItDoesNotImplement_areRefusedWhenRead() {
        assertThatThrownBy(() -> EventPattern.parse(json("{\"a\": [{\"prefix\": \"x\"}]}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
        assertThatThrownBy(() -> EventPattern.parse(json("{\"a\": \"x\"}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

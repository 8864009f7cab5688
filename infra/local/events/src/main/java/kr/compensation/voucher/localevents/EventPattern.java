package kr.compensation.voucher.localevents;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * An EventBridge event pattern, for the subset of operators the template's pipes use: exact values and
 * {@code exists}. Pipes filter "in the same way as filtering on an EventBridge event bus", by event patterns
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-event-filtering.html). Matching as in
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html: every field of the pattern must
 * match (AND), a field's array lists alternatives (OR), a nested object matches the event's object at that field,
 * and {@code {"exists": false}} matches a field that is absent, also when a parent of it is absent
 * (eb-event-patterns-content-based-filtering.html, "Exists matching"; it works on leaf values only). Any other
 * operator (prefix, anything-but, numeric, ...) is refused when the pattern is read, so a pattern the stand-in cannot
 * judge fails the local run at start instead of passing records AWS would drop.
 */
public final class EventPattern {

    private final JsonNode pattern;

    private EventPattern(JsonNode pattern) {
        this.pattern = pattern;
    }

    public static EventPattern parse(JsonNode pattern) {
        if (!pattern.isObject()) {
            throw new IllegalArgumentException("an event pattern is a JSON object: " + pattern);
        }
        check(pattern, "");
        return new EventPattern(pattern);
    }

    public boolean matches(JsonNode event) {
        return matches(pattern, event);
    }

    private static boolean matches(JsonNode pattern, JsonNode event) {
        Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = event == null || !event.isObject() ? null : event.get(field.getKey());
            JsonNode rule = field.getValue();
            if (rule.isObject()) {
                if (!matches(rule, value)) {
                    return false;
                }
            } else if (!anyAlternative(rule, value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyAlternative(JsonNode alternatives, JsonNode value) {
        boolean present = value != null && !value.isMissingNode();
        for (JsonNode alternative : alternatives) {
            if (alternative.isObject()) {
                if (alternative.get("exists").asBoolean() == present && (!present || isLeaf(value))) {
                    return true;
                }
            } else if (present && isLeaf(value) && equal(alternative, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLeaf(JsonNode value) {
        return !value.isObject();
    }

    private static boolean equal(JsonNode expected, JsonNode actual) {
        if (actual.isArray()) {
            // An array in the event matches when any element matches (eb-event-patterns.html, "arrays").
            for (JsonNode element : actual) {
                if (equal(expected, element)) {
                    return true;
                }
            }
            return false;
        }
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return Objects.equals(expected, actual);
    }

    private static void check(JsonNode node, String path) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = path + "/" + field.getKey();
            JsonNode rule = field.getValue();
            if (rule.isObject()) {
                check(rule, at);
            } else if (rule.isArray()) {
                for (JsonNode alternative : rule) {
                    if (alternative.isObject() && (alternative.size() != 1 || !alternative.has("exists")
                            || !alternative.get("exists").isBoolean())) {
                        throw new IllegalArgumentException("the local pipe implements exact values and exists only; "
                                + "extend EventPattern for " + alternative + " at " + at);
                    }
                    if (alternative.isArray()) {
                        throw new IllegalArgumentException("nested array in an event pattern at " + at);
                    }
                }
            } else {
                throw new IllegalArgumentException("an event pattern's values are arrays or objects, at " + at);
            }
        }
    }

    @Override
    public String toString() {
        return pattern.toString();
    }
}

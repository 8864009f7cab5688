package kr.compensation.voucher.localevents;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pipe's input transformation (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-input-transformation.html):
 * each {@code <$.path>} is replaced by the value at that JSON path of the record (dot notation and array indices),
 * each {@code <aws.pipes.*>} by the reserved variable. The guide says to put quotes around variables that refer to
 * values and none around those that refer to objects or arrays; so a string goes in without quotes of its own
 * (between the template's), an object, array, number or boolean as JSON. A placeholder whose path the record lacks,
 * or a string placeholder outside quotes, fails the record: the guide does not say what AWS does there, and the
 * stand-in must not guess (see README, "Differences").
 */
public final class InputTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("<(\\$(?:\\.[A-Za-z0-9_\\-/*]+|\\[\\d+])*|aws\\.pipes\\.[a-z.\\-]+)>");
    private static final Pattern SEGMENT = Pattern.compile("\\.([A-Za-z0-9_\\-/]+)|\\[(\\d+)]");

    private final String template;

    public InputTemplate(String template) {
        this.template = template;
    }

    /** The transformed payload; {@code reserved} holds the values of the reserved variables the stand-in knows. */
    public String render(JsonNode record, Map<String, String> reserved) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            boolean quoted = matcher.start() > 0 && template.charAt(matcher.start() - 1) == '"'
                    && matcher.end() < template.length() && template.charAt(matcher.end()) == '"';
            String replacement;
            if (name.startsWith("aws.pipes.")) {
                String value = reserved.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("the local pipe does not provide <" + name + ">");
                }
                replacement = quoted ? escape(value) : value;
            } else {
                JsonNode value = at(record, name);
                if (value.isTextual()) {
                    if (!quoted) {
                        throw new IllegalArgumentException("string placeholder <" + name + "> is not inside quotes");
                    }
                    replacement = escape(value.textValue());
                } else {
                    replacement = value.toString();
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static JsonNode at(JsonNode record, String path) {
        JsonNode node = record;
        Matcher segment = SEGMENT.matcher(path.substring(1));
        while (segment.find()) {
            node = segment.group(1) != null ? node.get(segment.group(1)) : node.get(Integer.parseInt(segment.group(2)));
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("the record has nothing at " + path);
            }
        }
        return node;
    }

    private static String escape(String value) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }

    @Override
    public String toString() {
        return template;
    }
}

package kr.compensation.voucher.localevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kr.compensation.voucher.localruntime.CloudFormationYaml;

/**
 * What the local pipe takes from an {@code AWS::Pipes::Pipe} of template.yaml, so that it filters and transforms
 * exactly as the deployed pipe does without restating either: the source table, the filter patterns, the input
 * template, the bus parameters and the stream settings.
 *
 * @param pipeLogicalId        the pipe's logical id
 * @param pipeName             the pipe's name with {@code ${AWS::StackName}} replaced (reserved variable
 *                             {@code aws.pipes.pipe-name})
 * @param tableLogicalId       the table whose {@code StreamArn} is the pipe's {@code Source}
 * @param deadLetterLogicalId  the queue of {@code DeadLetterConfig}, null when the pipe has none
 * @param filters              {@code FilterCriteria.Filters[].Pattern}, parsed; a record passes when any matches
 * @param inputTemplate        {@code TargetParameters.InputTemplate}, null to pass the record unchanged
 * @param source               {@code EventBridgeEventBusParameters.Source}
 * @param detailType           {@code EventBridgeEventBusParameters.DetailType}
 * @param startingPosition     {@code TRIM_HORIZON} or {@code LATEST}
 * @param batchSize            records per batch (Pipes default for DynamoDB streams: 100)
 * @param maximumRetryAttempts retries of a failing batch before it is dead-lettered; -1 means until the record
 *                             expires
 */
public record PipeDefinition(String pipeLogicalId, String pipeName, String tableLogicalId, String deadLetterLogicalId,
                             List<EventPattern> filters, String inputTemplate, String source, String detailType,
                             String startingPosition, int batchSize, int maximumRetryAttempts) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the named pipe from the template; {@code stackName} fills {@code ${AWS::StackName}} in its name. */
    public static PipeDefinition read(Path template, String pipeLogicalId, String stackName) {
        Map<String, Object> root;
        try {
            root = CloudFormationYaml.read(template);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + template, e);
        }
        Map<String, Object> resource = map(map(root.get("Resources")).get(pipeLogicalId));
        if (!"AWS::Pipes::Pipe".equals(resource.get("Type"))) {
            throw new IllegalArgumentException(template + " has no AWS::Pipes::Pipe " + pipeLogicalId);
        }
        Map<String, Object> props = map(resource.get("Properties"));
        String table = streamOf(props.get("Source"), pipeLogicalId);
        Map<String, Object> sourceParameters = map(props.get("SourceParameters"));
        Map<String, Object> stream = map(sourceParameters.get("DynamoDBStreamParameters"));
        List<EventPattern> filters = new ArrayList<>();
        for (Object filter : list(map(sourceParameters.get("FilterCriteria")).get("Filters"))) {
            filters.add(EventPattern.parse(parseJson(String.valueOf(map(filter).get("Pattern")), pipeLogicalId)));
        }
        Map<String, Object> target = map(props.get("TargetParameters"));
        Map<String, Object> bus = map(target.get("EventBridgeEventBusParameters"));
        Object deadLetter = map(stream.get("DeadLetterConfig")).get("Arn");
        return new PipeDefinition(pipeLogicalId, substituteStackName(props.get("Name"), stackName, pipeLogicalId),
                table, deadLetter == null ? null : getAttTarget(deadLetter, "Arn", pipeLogicalId), List.copyOf(filters),
                (String) target.get("InputTemplate"), (String) bus.get("Source"), (String) bus.get("DetailType"),
                String.valueOf(stream.getOrDefault("StartingPosition", "LATEST")),
                ((Number) stream.getOrDefault("BatchSize", 100)).intValue(),
                ((Number) stream.getOrDefault("MaximumRetryAttempts", -1)).intValue());
    }

    /** Whether a stream record, as the pipe sees it, passes the pipe's filter (no filter: every record). */
    public boolean passes(JsonNode record) {
        return filters.isEmpty() || filters.stream().anyMatch(filter -> filter.matches(record));
    }

    private static String streamOf(Object source, String pipe) {
        return getAttTarget(source, "StreamArn", pipe);
    }

    private static String getAttTarget(Object value, String attribute, String pipe) {
        if (value instanceof Map<?, ?> m && m.get("Fn::GetAtt") instanceof Object getAtt) {
            List<?> parts = getAtt instanceof List<?> l ? l : List.of(String.valueOf(getAtt).split("\\.", 2));
            if (parts.size() == 2 && attribute.equals(parts.get(1))) {
                return String.valueOf(parts.get(0));
            }
        }
        throw new IllegalArgumentException(pipe + ": expected !GetAtt <resource>." + attribute + ", found " + value);
    }

    private static String substituteStackName(Object name, String stackName, String pipe) {
        if (name instanceof String s) {
            return s;
        }
        if (name instanceof Map<?, ?> m && m.get("Fn::Sub") instanceof String sub) {
            return sub.replace("${AWS::StackName}", stackName);
        }
        return stackName + "-" + pipe;
    }

    private static JsonNode parseJson(String text, String pipe) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(pipe + ": a filter pattern is not JSON: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }
}

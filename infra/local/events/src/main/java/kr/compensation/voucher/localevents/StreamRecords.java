package kr.compensation.voucher.localevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * A DynamoDB Streams record as a pipe receives it, in the JSON shape of
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-dynamodb.html ("Example event"): eventID,
 * eventName, eventVersion, eventSource, awsRegion, eventSourceARN and the {@code dynamodb} object with Keys, NewImage,
 * OldImage, SequenceNumber, SizeBytes, StreamViewType and ApproximateCreationDateTime (epoch seconds), attribute
 * values in DynamoDB's typed JSON ({@code {"S": "..."}}).
 */
public final class StreamRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamRecords() {
    }

    public static ObjectNode asPipeSees(Record record, String streamArn) {
        ObjectNode json = JSON.createObjectNode();
        json.put("eventID", record.eventID());
        json.put("eventName", record.eventNameAsString());
        json.put("eventVersion", record.eventVersion());
        json.put("eventSource", record.eventSource());
        json.put("awsRegion", record.awsRegion());
        StreamRecord change = record.dynamodb();
        ObjectNode dynamodb = json.putObject("dynamodb");
        if (change.approximateCreationDateTime() != null) {
            dynamodb.put("ApproximateCreationDateTime", change.approximateCreationDateTime().getEpochSecond());
        }
        dynamodb.set("Keys", item(change.keys()));
        if (change.hasNewImage()) {
            dynamodb.set("NewImage", item(change.newImage()));
        }
        if (change.hasOldImage()) {
            dynamodb.set("OldImage", item(change.oldImage()));
        }
        dynamodb.put("SequenceNumber", change.sequenceNumber());
        if (change.sizeBytes() != null) {
            dynamodb.put("SizeBytes", change.sizeBytes());
        }
        dynamodb.put("StreamViewType", change.streamViewTypeAsString());
        json.put("eventSourceARN", streamArn);
        return json;
    }

    static ObjectNode item(Map<String, AttributeValue> attributes) {
        ObjectNode item = JSON.createObjectNode();
        attributes.forEach((name, value) -> item.set(name, value(value)));
        return item;
    }

    static JsonNode value(AttributeValue value) {
        ObjectNode typed = JSON.createObjectNode();
        switch (value.type()) {
            case S -> typed.put("S", value.s());
            case N -> typed.put("N", value.n());
            case BOOL -> typed.put("BOOL", value.bool());
            case NUL -> typed.put("NULL", true);
            case B -> typed.put("B", base64(value.b()));
            case SS -> value.ss().forEach(typed.putArray("SS")::add);
            case NS -> value.ns().forEach(typed.putArray("NS")::add);
            case BS -> {
                ArrayNode array = typed.putArray("BS");
                value.bs().forEach(b -> array.add(base64(b)));
            }
            case L -> {
                ArrayNode array = typed.putArray("L");
                value.l().forEach(element -> array.add(value(element)));
            }
            case M -> typed.set("M", item(value.m()));
            default -> throw new IllegalArgumentException("unknown attribute type " + value.type());
        }
        return typed;
    }

    private static String base64(SdkBytes bytes) {
        return java.util.Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}

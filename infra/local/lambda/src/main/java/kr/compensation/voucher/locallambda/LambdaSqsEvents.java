package kr.compensation.voucher.locallambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Builds the {@link SQSEvent} Lambda hands a function from messages as ReceiveMessage returned them. */
public final class LambdaSqsEvents {

    public static final String EVENT_SOURCE = "aws:sqs";

    private LambdaSqsEvents() {
    }

    public static SQSEvent of(List<Message> messages, String queueArn, String awsRegion) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>(messages.size());
        for (Message message : messages) {
            records.add(record(message, queueArn, awsRegion));
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** The region is the fourth field of an ARN: {@code arn:aws:sqs:ap-northeast-2:123456789012:name}. */
    public static String regionOf(String queueArn) {
        String[] parts = queueArn.split(":", 6);
        if (parts.length != 6 || !"sqs".equals(parts[2])) {
            throw new IllegalArgumentException("not an SQS queue ARN: " + queueArn);
        }
        return parts[3];
    }

    private static SQSEvent.SQSMessage record(Message message, String queueArn, String awsRegion) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setMd5OfBody(message.md5OfBody());
        record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
        // System attributes as Lambda passes them: ApproximateReceiveCount, SentTimestamp, SenderId,
        // ApproximateFirstReceiveTimestamp and, when present, AWSTraceHeader and the FIFO ones.
        record.setAttributes(new HashMap<>(message.attributesAsStrings()));
        Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
        message.messageAttributes().forEach((name, value) -> attributes.put(name, attribute(value)));
        record.setMessageAttributes(attributes);
        record.setEventSource(EVENT_SOURCE);
        record.setEventSourceArn(queueArn);
        record.setAwsRegion(awsRegion);
        return record;
    }

    private static SQSEvent.MessageAttribute attribute(MessageAttributeValue value) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType(value.dataType());
        attribute.setStringValue(value.stringValue());
        attribute.setBinaryValue(value.binaryValue() == null ? null : value.binaryValue().asByteBuffer());
        attribute.setStringListValues(new ArrayList<>(value.stringListValues()));
        List<ByteBuffer> binaries = new ArrayList<>();
        for (SdkBytes bytes : value.binaryListValues()) {
            binaries.add(bytes.asByteBuffer());
        }
        attribute.setBinaryListValues(binaries);
        return attribute;
    }
}

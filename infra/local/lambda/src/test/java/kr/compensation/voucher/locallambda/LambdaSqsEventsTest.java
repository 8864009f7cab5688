package kr.compensation.voucher.locallambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Needs nothing running: the event built from received messages, field by field as Lambda fills it. */
class LambdaSqsEventsTest {

    private static final String ARN = "arn:aws:sqs:ap-northeast-2:123456789012:voucher-local-issue-requests";

    @Test
    void of_shouldCopyEveryFieldLambdaPasses() {
        Message message = Message.builder()
                .messageId("059f36b4-87a3-44ab-83d2-661975830a7d")
                .receiptHandle("AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a")
                .body("{\"v\":1}")
                .md5OfBody("e4e68fb7bd0e697a0ae8f1bb342846b3")
                .md5OfMessageAttributes("00484c68...59e48fb7")
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2",
                        MessageSystemAttributeName.SENT_TIMESTAMP, "1545082649183",
                        MessageSystemAttributeName.SENDER_ID, "AIDAIENQZJOLO23YVJ4VO",
                        MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP, "1545082649185"))
                .messageAttributes(Map.of(
                        "trace", MessageAttributeValue.builder().dataType("String").stringValue("t-1").build(),
                        "blob", MessageAttributeValue.builder().dataType("Binary")
                                .binaryValue(SdkBytes.fromString("xy", StandardCharsets.UTF_8)).build()))
                .build();

        SQSEvent event = LambdaSqsEvents.of(List.of(message), ARN, "ap-northeast-2");

        assertThat(event.getRecords()).hasSize(1);
        SQSEvent.SQSMessage record = event.getRecords().getFirst();
        assertThat(record.getMessageId()).isEqualTo("059f36b4-87a3-44ab-83d2-661975830a7d");
        assertThat(record.getReceiptHandle()).isEqualTo("AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a");
        assertThat(record.getBody()).isEqualTo("{\"v\":1}");
        assertThat(record.getMd5OfBody()).isEqualTo("e4e68fb7bd0e697a0ae8f1bb342846b3");
        assertThat(record.getMd5OfMessageAttributes()).isEqualTo("00484c68...59e48fb7");
        assertThat(record.getAttributes()).containsEntry("ApproximateReceiveCount", "2")
                .containsEntry("SentTimestamp", "1545082649183")
                .containsEntry("SenderId", "AIDAIENQZJOLO23YVJ4VO")
                .containsEntry("ApproximateFirstReceiveTimestamp", "1545082649185");
        assertThat(record.getMessageAttributes().get("trace").getStringValue()).isEqualTo("t-1");
        assertThat(record.getMessageAttributes().get("trace").getDataType()).isEqualTo("String");
        assertThat(StandardCharsets.UTF_8.decode(record.getMessageAttributes().get("blob").getBinaryValue()).toString())
                .isEqualTo("xy");
        assertThat(record.getEventSource()).isEqualTo("aws:sqs");
        assertThat(record.getEventSourceArn()).isEqualTo(ARN);
        assertThat(record.getAwsRegion()).isEqualTo("ap-northeast-2");
    }

    @Test
    void of_shouldKeepTheReceiveOrder() {
        List<Message> messages = List.of(Message.builder().messageId("1").body("a").build(),
                Message.builder().messageId("2").body("b").build());

        assertThat(LambdaSqsEvents.of(messages, ARN, "ap-northeast-2").getRecords())
                .extracting(SQSEvent.SQSMessage::getMessageId).containsExactly("1", "2");
    }

    @Test
    void regionOf_shouldReadTheRegionFromTheQueueArn() {
        assertThat(LambdaSqsEvents.regionOf(ARN)).isEqualTo("ap-northeast-2");
        assertThatThrownBy(() -> LambdaSqsEvents.regionOf("arn:aws:sns:x:1:t")).isInstanceOf(IllegalArgumentException.class);
    }
}

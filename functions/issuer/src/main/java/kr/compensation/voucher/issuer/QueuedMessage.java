package kr.compensation.voucher.issuer;

import java.util.Objects;

/** One message of a batch as the processor needs it: the id SQS knows it by and the body, nothing else. */
public record QueuedMessage(String messageId, String body) {

    public QueuedMessage {
        Objects.requireNonNull(messageId, "messageId");
    }

    @Override
    public String toString() {
        // The body holds a customer key: keep it out of logs and assertion messages.
        return "QueuedMessage[messageId=" + messageId + "]";
    }
}

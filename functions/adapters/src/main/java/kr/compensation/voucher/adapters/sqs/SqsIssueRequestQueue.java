package kr.compensation.voucher.adapters.sqs;

import java.util.Objects;
import kr.compensation.voucher.adapters.aws.AwsFailures;
import kr.compensation.voucher.domain.IssueRequest;
import kr.compensation.voucher.domain.IssueRequestQueue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** Sends issue requests to the SQS queue that drives the issuer function. */
public final class SqsIssueRequestQueue implements IssueRequestQueue {

    private final SqsClient sqs;
    private final String queueUrl;
    private final IssueRequestCodec codec;

    public SqsIssueRequestQueue(SqsClient sqs, String queueUrl, IssueRequestCodec codec) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public void submit(IssueRequest request) {
        try {
            sqs.sendMessage(SendMessageRequest.builder()
                    .queueUrl(queueUrl)
                    .messageBody(codec.encode(request))
                    .build());
        } catch (SdkException e) {
            throw AwsFailures.translate("SendMessage", e);
        }
    }
}

package kr.compensation.voucher.locallambda;

import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Tests on template.yaml's IssueRequestQueue and its dead-letter queue, both empty before each test. */
@WithLocalAws
abstract class EmptiedIssueQueues {

    protected final LocalAws aws;
    protected final SqsClient sqs;
    protected String queueUrl;
    protected String deadLetterQueueUrl;

    EmptiedIssueQueues(LocalAws aws) {
        this.aws = aws;
        this.sqs = aws.sqs();
    }

    @BeforeEach
    void emptyQueues() {
        // PurgeQueue is allowed once a minute and cannot touch messages in flight; a reset empties everything.
        aws.reset();
        queueUrl = aws.resources().queueUrl("IssueRequestQueue");
        deadLetterQueueUrl = aws.resources().queueUrl("IssueRequestDeadLetterQueue");
    }
}

package kr.compensation.voucher.issuer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kr.compensation.voucher.adapters.sqs.IssueRequestCodec;
import kr.compensation.voucher.adapters.sqs.IssueRequestCodec.MalformedIssueRequest;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.GrantOutcome;
import kr.compensation.voucher.domain.IssuanceService;
import kr.compensation.voucher.domain.IssueRequest;
import kr.compensation.voucher.domain.IssueSource;
import kr.compensation.voucher.domain.TransientFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Grants the vouchers of one batch of issue requests, message by message, and says which messages SQS must deliver
 * again. No message can fail another: a malformed body, a throttled write or an unexpected error each fail only
 * their own message. Plain Java, so tests, the local run and benchmarks use it without a framework.
 *
 * <p>Logs name the message id and the outcome only; never the body or the customer key.
 */
public final class IssueBatchProcessor {

    /**
     * Well-formed, but never an HMAC-SHA256 output: 32 bytes encode to 43 base64url characters whose last one
     * carries only 4 bits, so it is one of AEIMQUYcgkosw048, never 'B'. Priming with it cannot touch a customer.
     */
    public static final CustomerKey PRIMING_KEY = new CustomerKey("priming-" + "0".repeat(34) + "B");

    private static final Logger LOG = LoggerFactory.getLogger(IssueBatchProcessor.class);

    private final IssuanceService issuance;
    private final IssueRequestCodec codec;
    private final IssuanceMetrics metrics;

    public IssueBatchProcessor(IssuanceService issuance, IssueRequestCodec codec, IssuanceMetrics metrics) {
        this.issuance = Objects.requireNonNull(issuance, "issuance");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Processes the whole batch in order, with no deadline, and publishes one metrics line for it. */
    public BatchResult process(List<QueuedMessage> batch) {
        return process(batch, InvocationDeadline.NONE);
    }

    /**
     * Processes the batch in order while the deadline allows another message, and publishes one metrics line for it.
     * Messages not started when the deadline comes are {@link MessageOutcome#DEFERRED}: batch item failures, which SQS
     * delivers again after the visibility timeout, like any failed message.
     */
    public BatchResult process(List<QueuedMessage> batch, InvocationDeadline deadline) {
        Map<MessageOutcome, Integer> counts = new EnumMap<>(MessageOutcome.class);
        List<String> failed = new ArrayList<>();
        int deferred = 0;
        for (QueuedMessage message : batch) {
            MessageOutcome outcome = deferred > 0 || !deadline.allowsAnotherMessage()
                    ? MessageOutcome.DEFERRED : process(message);
            if (outcome == MessageOutcome.DEFERRED) {
                deferred++;
            }
            counts.merge(outcome, 1, Integer::sum);
            if (outcome.deliverAgain()) {
                failed.add(message.messageId());
            }
        }
        if (deferred > 0) {
            // Ids only: which messages come back, never what they hold.
            LOG.warn("deadline: {} of {} messages not started, returned to the queue", deferred, batch.size());
        }
        BatchResult result = new BatchResult(failed, counts);
        metrics.publish(result);
        return result;
    }

    private MessageOutcome process(QueuedMessage message) {
        MDC.put("messageId", message.messageId());
        try {
            IssueRequest request;
            try {
                request = codec.decode(message.body());
            } catch (MalformedIssueRequest e) {
                // The reason names the broken field, never its value.
                return logged(MessageOutcome.MALFORMED, e.getMessage(), null);
            }
            try {
                return logged(outcomeOf(issuance.issue(request)), null, null);
            } catch (TransientFailure e) {
                return logged(MessageOutcome.FAILED, "transient", e);
            } catch (RuntimeException e) {
                // A bug or a misconfiguration (missing table, denied permission): this message is retried and, if it
                // keeps failing, kept in the dead-letter queue until it is fixed. The rest of the batch goes on.
                MDC.put("outcome", MessageOutcome.FAILED.name());
                LOG.error("issue request FAILED: unexpected", e);
                MDC.remove("outcome");
                return MessageOutcome.FAILED;
            }
        } finally {
            MDC.remove("messageId");
        }
    }

    /**
     * Runs the request path once without touching any customer or metric: decodes a synthetic request and grants to
     * {@link #PRIMING_KEY}, which has no item, so the conditional write fails and writes nothing. Returns what the
     * store answered; {@link MessageOutcome#REJECTED_NOT_ELIGIBLE} is the only correct answer.
     */
    public MessageOutcome prime() {
        IssueRequest request = codec.decode(codec.encode(
                new IssueRequest(PRIMING_KEY, IssueSource.OPS_BULK, "priming", Instant.EPOCH)));
        return outcomeOf(issuance.issue(request));
    }

    /** The store's answer as the message's end: each is final, so the message is done with. */
    private static MessageOutcome outcomeOf(GrantOutcome outcome) {
        return switch (outcome) {
            case GrantOutcome.Granted granted -> MessageOutcome.ISSUED;
            case GrantOutcome.AlreadyIssued already -> MessageOutcome.ALREADY_ISSUED;
            case GrantOutcome.NotEligible notEligible -> MessageOutcome.REJECTED_NOT_ELIGIBLE;
        };
    }

    private static MessageOutcome logged(MessageOutcome outcome, String reason, RuntimeException error) {
        MDC.put("outcome", outcome.name());
        try {
            if (error != null) {
                LOG.warn("issue request {}: {}", outcome, reason, error);
            } else if (reason != null) {
                LOG.warn("issue request {}: {}", outcome, reason);
            } else {
                LOG.info("issue request {}", outcome);
            }
        } finally {
            MDC.remove("outcome");
        }
        return outcome;
    }
}

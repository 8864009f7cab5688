package kr.compensation.voucher.issuer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kr.compensation.voucher.aws.AwsClientSettings;
import kr.compensation.voucher.shell.FunctionHandler;

/**
 * Lambda entry point for the issue-request queue (event source mapping with ReportBatchItemFailures). Thin on
 * purpose: map the event to {@link QueuedMessage}s, hand them to {@link IssueBatchProcessor}, answer with the failed
 * message ids. The processor is looked up once here, never per invocation.
 *
 * <p>Before each message it checks the invocation's remaining time ({@link InvocationDeadline}): too close to the
 * function's timeout, it stops and returns the messages not started, so Lambda never times out a batch half done.
 *
 * <p>Only a broken invocation (no event, no records) throws, which makes Lambda return the whole batch; everything
 * that can go wrong with one message fails only that message.
 */
// RequestHandler is declared again (MicronautRequestHandler implements it) because the SnapStart scanner recognises a
// handler only by its own interfaces; without it the scan would pass without looking at this class or its fields.
public class IssuerHandler extends FunctionHandler<SQSEvent, SQSBatchResponse>
        implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** The Micronaut environment of this function (see {@link FunctionHandler#environment()}). */
    public static final String ENVIRONMENT = "issuer";

    /**
     * Left over the SDK's call timeout when the last message starts: the metrics line and the response. Measured
     * need is a few milliseconds; one second also covers a garbage-collection pause or a slow log write.
     */
    static final Duration DEADLINE_MARGIN = Duration.ofSeconds(1);

    private final IssueBatchProcessor processor;
    private final Duration deadlineReserve;

    /** Used by Lambda: configuration from the function's environment. */
    public IssuerHandler() {
        super();
        this.processor = applicationContext.getBean(IssueBatchProcessor.class);
        this.deadlineReserve = deadlineReserve(applicationContext);
    }

    /** Used by tests and the local run, which pass the voucher.* properties themselves. */
    public IssuerHandler(ApplicationContextBuilder builder) {
        super(builder, ENVIRONMENT);
        this.processor = applicationContext.getBean(IssueBatchProcessor.class);
        this.deadlineReserve = deadlineReserve(applicationContext);
    }

    /** The context must have been built with {@link #ENVIRONMENT} among its environments. */
    public IssuerHandler(ApplicationContext context) {
        super(context);
        this.processor = applicationContext.getBean(IssueBatchProcessor.class);
        this.deadlineReserve = deadlineReserve(applicationContext);
    }

    @Override
    protected String environment() {
        return ENVIRONMENT;
    }

    /** One DynamoDB call's worst case (its call timeout bounds every retry) and the margin. */
    private static Duration deadlineReserve(ApplicationContext context) {
        return context.getBean(AwsClientSettings.class).callTimeout().plus(DEADLINE_MARGIN);
    }

    private InvocationDeadline deadlineOf(Optional<Context> invocation) {
        return invocation.map(c -> new InvocationDeadline(c::getRemainingTimeInMillis, deadlineReserve))
                .orElse(InvocationDeadline.NONE);
    }

    @Override
    protected SQSBatchResponse handle(SQSEvent event, Optional<Context> invocation) {
        if (event == null || event.getRecords() == null) {
            throw new IllegalArgumentException("not an SQS event: no records");
        }
        List<QueuedMessage> batch = new ArrayList<>(event.getRecords().size());
        for (SQSEvent.SQSMessage record : event.getRecords()) {
            batch.add(new QueuedMessage(record.getMessageId(), record.getBody()));
        }
        BatchResult result = processor.process(batch, deadlineOf(invocation));
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>(result.failedMessageIds().size());
        for (String messageId : result.failedMessageIds()) {
            failures.add(new SQSBatchResponse.BatchItemFailure(messageId));
        }
        return new SQSBatchResponse(failures);
    }
}

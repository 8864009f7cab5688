package kr.compensation.voucher.shell;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import java.util.Optional;
import kr.compensation.voucher.adapters.aws.AwsClients;

/**
 * What both Lambda functions' handlers share: the SDK's classes loading in the background while Micronaut starts, the
 * function's own Micronaut environment, Lambda's context settings for the contexts tests and the local run build, and
 * each invocation's Lambda {@link Context} handed over without being registered as a bean ({@link CurrentInvocation}).
 *
 * <p>A subclass keeps to mapping its event to one call and the answer back ({@link #handle}), and looks up what it
 * calls once, in its constructors, never per invocation. It must declare {@code implements RequestHandler<I, O>}
 * itself: the SnapStart scanner recognises a handler only by its own interfaces.
 *
 * @param <I> the event Lambda hands over
 * @param <O> the answer
 */
public abstract class FunctionHandler<I, O> extends MicronautRequestHandler<I, O> {

    static {
        // Lambda loads the handler class (and so this one first) before it calls the constructor: the SDK's classes
        // load while Micronaut starts.
        AwsClients.warmUpInBackground();
    }

    private final CurrentInvocation currentInvocation;

    /** Used by Lambda: configuration from the function's environment, in the environment {@link #environment()}. */
    protected FunctionHandler() {
        super();
        this.currentInvocation = applicationContext.getBean(CurrentInvocation.class);
    }

    /**
     * Used by tests and the local run, which pass the voucher.* properties themselves. The builder gets Lambda's
     * settings (function environment, eager init of every singleton), so they start the context as Lambda does.
     *
     * @param environment the same as {@link #environment()}, which cannot be called before this object exists
     */
    protected FunctionHandler(ApplicationContextBuilder builder, String environment) {
        super(asInLambda(builder, environment));
        this.currentInvocation = applicationContext.getBean(CurrentInvocation.class);
    }

    /** The context must have been built with {@link #environment()} among its environments. */
    protected FunctionHandler(ApplicationContext context) {
        super(context);
        this.currentInvocation = applicationContext.getBean(CurrentInvocation.class);
    }

    /**
     * The Micronaut environment of this function: its beans and its application-ENVIRONMENT.properties load only in
     * it, so the local run can hold both functions in one JVM without their beans meeting, as they never do in
     * Lambda. Called while the superclass constructor runs, before the subclass's fields are set: return a constant.
     */
    protected abstract String environment();

    /**
     * One invocation.
     *
     * @param invocation Lambda's context of this invocation; empty when {@link #execute} was called directly (tests,
     *                   benchmarks)
     */
    protected abstract O handle(I input, Optional<Context> invocation);

    @Override
    public final O execute(I input) {
        return handle(input, currentInvocation.take());
    }

    @Override
    protected final ApplicationContextBuilder newApplicationContextBuilder() {
        return super.newApplicationContextBuilder().environments(environment());
    }

    private static ApplicationContextBuilder asInLambda(ApplicationContextBuilder builder, String environment) {
        LambdaApplicationContextBuilder.setLambdaConfiguration(builder);
        return builder.environments(environment);
    }
}

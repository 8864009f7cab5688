package kr.compensation.voucher.shell;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Keeps micronaut-function-aws from registering each invocation's Lambda {@link Context} and logger as singletons,
 * and hands the context to {@link FunctionHandler} instead. The default factory adds two bean definitions per
 * invocation and never drops them, and each registration searches all earlier ones: a warm environment got slower
 * with every request it served and its heap grew. bench/RESULTS.md has the measurement (CPU time per request from
 * 2.3 ms to 5.9 ms over the first 8,000 requests, about 0.5 MB of heap per 1,000). No bean injects the Lambda
 * Context; the request id still reaches the log lines through the MDC, which micronaut-function-aws fills separately.
 *
 * <p>MicronautRequestHandler.handleRequest is final; it calls {@link #registerSingletons} with the context and then
 * {@code execute} on the same thread, which is the only way in. The context is kept per thread because the local run
 * and tests may invoke one handler from several threads at once (Lambda never does: one invocation per environment),
 * and {@link FunctionHandler} takes it back at the start of every invocation, so nothing outlives one.
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
public class CurrentInvocation implements LambdaContextFactory {

    private final ThreadLocal<Context> current = new ThreadLocal<>();

    @Override
    public void registerSingletons(Context context) {
        current.set(context);
    }

    /** The context of the invocation running on this thread, and forgets it; empty when execute was called directly. */
    Optional<Context> take() {
        Context context = current.get();
        current.remove();
        return Optional.ofNullable(context);
    }
}

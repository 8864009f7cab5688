package kr.compensation.voucher.issuer;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Hands each invocation's Lambda {@link Context} to {@link IssuerHandler#execute} (for its remaining time) without
 * registering it as singletons: micronaut-function-aws's default factory adds bean definitions per invocation and
 * never drops them, so a warm issuer environment would slow down with every batch (the lookup's
 * LambdaContextNotRegistered has the measurement).
 *
 * <p>MicronautRequestHandler.handleRequest is final; it calls {@link #registerSingletons} with the context and then
 * {@code execute} on the same thread, which is the only way in. The context is kept per thread because the local run
 * and tests may invoke one handler from several threads at once (Lambda never does: one invocation per environment).
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
@Requires(env = IssuerHandler.ENVIRONMENT)
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

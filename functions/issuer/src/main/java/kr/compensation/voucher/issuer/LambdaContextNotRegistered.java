package kr.compensation.voucher.issuer;

import com.amazonaws.services.lambda.runtime.Context;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.function.aws.DefaultLambdaContextFactory;
import io.micronaut.function.aws.LambdaContextFactory;
import jakarta.inject.Singleton;

/**
 * Keeps micronaut-function-aws from registering each invocation's Lambda Context as singletons: its default factory
 * adds bean definitions per invocation and never drops them, so a warm issuer environment would slow down with every
 * batch (the lookup's twin of this class has the measurement). Nothing here injects the Context.
 */
@Singleton
@Replaces(DefaultLambdaContextFactory.class)
@Requires(env = IssuerHandler.ENVIRONMENT)
public class LambdaContextNotRegistered implements LambdaContextFactory {

    @Override
    public void registerSingletons(Context context) {
        // Deliberately nothing: see the class comment.
    }
}

package kr.compensation.voucher.localaws;

import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a test class the JVM's {@link LocalAws#shared()} emulator, reset before the class runs, and
 * injects it into constructors, lifecycle methods and test methods that declare a {@link LocalAws}
 * parameter. Usually applied through {@link WithLocalAws}.
 */
public final class LocalAwsExtension implements BeforeAllCallback, ParameterResolver {

    /** Key of the JUnit resource lock that keeps classes using the shared emulator from running in parallel. */
    public static final String RESOURCE_LOCK = "kr.compensation.voucher.localaws.LocalAws";

    private static final Logger LOG = LoggerFactory.getLogger(LocalAwsExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        // A @Nested class runs inside its enclosing class, whose state it must see.
        if (context.getRequiredTestClass().isAnnotationPresent(Nested.class)) {
            return;
        }
        Duration took = LocalAws.shared().reset();
        LOG.debug("Local AWS reset for {} in {} ms", context.getRequiredTestClass().getSimpleName(), took.toMillis());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalAws.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return LocalAws.shared();
    }
}

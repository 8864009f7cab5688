package kr.compensation.voucher.localaws;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Runs a test class against the shared local AWS emulator: its tables and queues are emptied (moto:
 * the whole emulator) before the class, and {@link LocalAws} parameters are injected. Classes carrying
 * it never run in parallel with each other, since they share one emulator.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LocalAwsExtension.class)
@ResourceLock(LocalAwsExtension.RESOURCE_LOCK)
public @interface WithLocalAws {}

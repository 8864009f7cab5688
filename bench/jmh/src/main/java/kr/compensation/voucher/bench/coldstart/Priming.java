package kr.compensation.voucher.bench.coldstart;

import io.micronaut.context.ApplicationContextProvider;
import io.micronaut.core.order.OrderUtil;
import io.micronaut.crac.OrderedResource;
import java.util.ArrayList;
import java.util.List;
import kr.compensation.voucher.bench.baseline.BaselineLookupHandler;

/**
 * What happens before a SnapStart snapshot. For the lookup: every CRaC resource of its context, in order, as
 * micronaut-crac calls them (the lookup has one, LookupPriming). For the baseline: its own priming read. Loaded only
 * for the handler at hand, so the baseline's JVM never sees a Micronaut class.
 */
final class Priming {

    private Priming() {
    }

    /** By class name: an instanceof test would load the other jar's classes, which are not on this classpath. */
    static void prime(Object handler) {
        if (handler.getClass().getName().equals(BASELINE)) {
            BaselinePriming.prime(handler);
        } else {
            MicronautResources.beforeCheckpoint(handler);
        }
    }

    private static final String BASELINE = "kr.compensation.voucher.bench.baseline.BaselineLookupHandler";

    private static final class BaselinePriming {
        static void prime(Object handler) {
            ((BaselineLookupHandler) handler).prime();
        }
    }

    private static final class MicronautResources {
        static void beforeCheckpoint(Object handler) {
            ApplicationContextProvider provider = (ApplicationContextProvider) handler;
            List<OrderedResource> resources =
                    new ArrayList<>(provider.getApplicationContext().getBeansOfType(OrderedResource.class));
            OrderUtil.sort(resources);
            for (OrderedResource resource : resources) {
                // The hooks of our functions ignore the CRaC context argument.
                try {
                    resource.beforeCheckpoint(null);
                } catch (Exception e) {
                    throw new IllegalStateException("priming failed in " + resource.getClass().getName(), e);
                }
            }
        }
    }
}

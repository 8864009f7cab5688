package kr.compensation.voucher.localruntime;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What a local stand-in started, closed in reverse order of start (what came later may use what came earlier), each
 * failure to close logged and passed over so that the rest still stops.
 */
public final class StartedInOrder implements AutoCloseable {

    private final List<AutoCloseable> started = new ArrayList<>();

    /** Records one more started thing, and returns it. */
    public synchronized <T extends AutoCloseable> T add(T resource) {
        started.add(resource);
        return resource;
    }

    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // The logger only now: a JVM that never fails to close never starts logging for it.
                LoggerFactory.getLogger(StartedInOrder.class).warn("stopping {} failed: {}",
                        started.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
    }
}

package kr.compensation.voucher.ops;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT, SIGTERM) into a clean stop: the JVM's shutdown hook asks the job to stop, then holds the
 * JVM until the command has saved its checkpoint and printed its summary, so the operator sees where to resume.
 */
final class StopOnSignal implements AutoCloseable {

    private static final long GRACE_SECONDS = 120;

    private final Thread hook;
    private final CountDownLatch reported = new CountDownLatch(1);

    private StopOnSignal(OpsEnvironment environment, Runnable stop) {
        if (!environment.stopOnSignal()) {
            hook = null;
            return;
        }
        hook = new Thread(() -> {
            environment.err().println();
            environment.err().println("Stopping: finishing the requests in flight and saving the checkpoint...");
            stop.run();
            try {
                reported.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stop-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static StopOnSignal install(OpsEnvironment environment, Runnable stop) {
        return new StopOnSignal(environment, stop);
    }

    /** The command has reported; the JVM may go. */
    @Override
    public void close() {
        reported.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it returns now that the report is out.
            }
        }
    }
}

package kr.compensation.voucher.bench.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Arrays;
import kr.compensation.voucher.bench.BenchEvents;

/**
 * Runs in a fresh JVM beside one function's deployable jar and does what the Lambda runtime does on a cold start:
 * instantiate the handler class by name with its no-arg constructor (configuration from the environment only), then
 * invoke it once. With {@code primed}, the function's SnapStart priming runs between the two, as it would before the
 * snapshot. Then {@code warm} more invocations tell what a warm request costs in the same JVM.
 *
 * <p>Prints one line, {@value #MARKER} followed by key=value pairs: epoch microseconds at main, after init, after
 * the first response; the first request's nanoseconds and the medians of the warm ones, wall clock and the
 * thread's CPU time (which a machine busy with other work does not inflate).
 */
public final class ColdStartProbe {

    public static final String MARKER = "COLDSTART-PROBE";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long mainAt = epochMicros();
        String handlerClass = args[0];
        // "cold" or "primed" (the hooks once, as SnapStart runs them before the snapshot).
        boolean primed = args[1].equals("primed");
        int warm = Integer.parseInt(args[2]);

        @SuppressWarnings("unchecked")
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                        Class.forName(handlerClass).getDeclaredConstructor().newInstance();
        long initAt = epochMicros();
        if (primed) {
            Priming.prime(handler);
        }
        long primedAt = epochMicros();

        APIGatewayV2HTTPEvent event = BenchEvents.readEligibility("cold-start-customer");
        Context context = BenchEvents.context("cold-start-0");
        long started = System.nanoTime();
        APIGatewayV2HTTPResponse first = handler.handleRequest(event, context);
        long firstNanos = System.nanoTime() - started;
        long firstAt = epochMicros();
        // All threads' CPU so far (JIT and GC included). Read after the timestamps: loading the management classes
        // costs both functions the same few milliseconds, counted here but not in the wall-clock figures.
        long cpuAtFirstNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        if (first.getStatusCode() != 200 || !first.getBody().startsWith("{\"eligible\":true,")) {
            throw new IllegalStateException("first response: " + first.getStatusCode() + " " + first.getBody());
        }

        long[] warmNanos = new long[warm];
        long[] warmCpuNanos = new long[warm];
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warm; i++) {
            long s = System.nanoTime();
            long c = cpu.getCurrentThreadCpuTime();
            handler.handleRequest(event, context);
            warmCpuNanos[i] = cpu.getCurrentThreadCpuTime() - c;
            warmNanos[i] = System.nanoTime() - s;
        }
        Arrays.sort(warmNanos);
        Arrays.sort(warmCpuNanos);
        long warmMedian = warm == 0 ? 0 : warmNanos[warm / 2];
        long warmCpuMedian = warm == 0 ? 0 : warmCpuNanos[warm / 2];
        System.out.println(MARKER + " mainAt=" + mainAt + " initAt=" + initAt + " primedAt=" + primedAt
                + " firstAt=" + firstAt + " firstNanos=" + firstNanos + " cpuAtFirstNanos=" + cpuAtFirstNanos
                + " warmMedianNanos=" + warmMedian + " warmCpuMedianNanos=" + warmCpuMedian);
        System.out.flush();
        if (handler instanceof AutoCloseable closeable) {
            closeable.close();
        }
        // The SDK's and Micronaut's threads must not keep a finished probe alive.
        System.exit(0);
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}

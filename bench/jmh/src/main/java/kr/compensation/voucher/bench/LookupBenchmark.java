package kr.compensation.voucher.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One eligibility read end to end in-process, as Lambda invokes the function: an HTTP API v2 event in, the response
 * out, with the real SDK client talking HTTP to a loopback stub (in its own JVM) that answers GetItem with canned
 * bytes. {@code handler=lookup} is the Micronaut function, {@code handler=baseline} the plain handler doing the same
 * read; goal: lookup within 1.2x of baseline.
 */
@State(Scope.Benchmark)
public class LookupBenchmark extends HandlerBenchmarkSettings {

    @Param({BenchHandlers.LOOKUP, BenchHandlers.BASELINE})
    public String handler;

    private CannedAwsProcess aws;
    private RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> target;
    private APIGatewayV2HTTPEvent event;
    private Context context;

    @Setup(Level.Trial)
    public void start() throws IOException {
        aws = CannedAwsProcess.start();
        target = BenchHandlers.build(handler, aws.endpoint());
        event = BenchEvents.readEligibility("bench-customer-0001");
        context = BenchEvents.context("bench-invocation");
        APIGatewayV2HTTPResponse response = target.handleRequest(event, context);
        if (response.getStatusCode() != 200 || !response.getBody().startsWith("{\"eligible\":true,")) {
            throw new IllegalStateException(handler + " answered " + response.getStatusCode() + " " + response.getBody());
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        if (target instanceof AutoCloseable closeable) {
            closeable.close();
        }
        aws.close();
    }

    @Benchmark
    public APIGatewayV2HTTPResponse readEligibility(CpuTime cpu) {
        long started = CPU.getCurrentThreadCpuTime();
        APIGatewayV2HTTPResponse response = target.handleRequest(event, context);
        cpu.add(CPU.getCurrentThreadCpuTime() - started);
        return response;
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /**
     * The benchmark thread's CPU time per request, beside JMH's wall-clock time: on a machine shared with other work
     * the wall clock also counts waiting for a core, the CPU time only the handler's own work (the stub's is in its
     * own process). Reported per iteration as totals: {@code cpuMicros / requests} is the CPU time of one request.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        public double cpuMicros;
        public long requests;

        @Setup(Level.Iteration)
        public void clear() {
            cpuMicros = 0;
            requests = 0;
        }

        void add(long nanos) {
            cpuMicros += nanos / 1000.0;
            requests++;
        }
    }
}

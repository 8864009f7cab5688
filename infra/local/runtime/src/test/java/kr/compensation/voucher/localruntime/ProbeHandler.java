package kr.compensation.voucher.localruntime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;
import java.util.TreeMap;

/** A function for the runtime's own tests: shows its environment, sleeps, or fails, as the event asks. */
public class ProbeHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        if (event.containsKey("sleepMillis")) {
            try {
                Thread.sleep(((Number) event.get("sleepMillis")).longValue());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (event.containsKey("fail")) {
            throw new IllegalStateException("asked to fail");
        }
        Map<String, Object> answer = new TreeMap<>();
        answer.put("environment", new TreeMap<>(System.getenv()));
        answer.put("remainingMillis", context.getRemainingTimeInMillis());
        answer.put("functionName", context.getFunctionName());
        answer.put("memoryLimitMb", context.getMemoryLimitInMB());
        answer.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        answer.put("pid", ProcessHandle.current().pid());
        answer.put("tieredStopAtLevel", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                .stream().filter(arg -> arg.startsWith("-XX:TieredStopAtLevel")).findFirst().orElse(""));
        return answer;
    }
}

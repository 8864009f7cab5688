package kr.compensation.voucher.ops;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kr.compensation.voucher.ops.support.Sleeper;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * What the tool takes from the process it runs in, gathered so that tests can run commands in-process with their
 * own environment variables, streams and request interceptors.
 *
 * @param variables          environment variables (AWS_ENDPOINT_URL, VOUCHER_PEPPER_BASE64, ...)
 * @param interceptors       added to every SDK client (tests count or break requests with them)
 * @param interactive        whether stderr is a terminal that can take a redrawn progress line
 * @param stopOnSignal       whether Ctrl-C asks long commands to stop cleanly (a JVM shutdown hook)
 */
public record OpsEnvironment(Map<String, String> variables, PrintStream out, PrintStream err,
                             List<ExecutionInterceptor> interceptors, Sleeper sleeper, boolean interactive,
                             boolean stopOnSignal) {

    public OpsEnvironment {
        variables = Map.copyOf(variables);
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        interceptors = List.copyOf(interceptors);
        Objects.requireNonNull(sleeper, "sleeper");
    }

    public String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    public OpsEnvironment withInterceptors(List<ExecutionInterceptor> more) {
        return new OpsEnvironment(variables, out, err, more, sleeper, interactive, stopOnSignal);
    }
}

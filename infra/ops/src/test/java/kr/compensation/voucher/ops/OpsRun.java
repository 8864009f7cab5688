package kr.compensation.voucher.ops;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import kr.compensation.voucher.ops.support.Sleeper;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Runs the command line in this JVM and keeps what it printed; for tests. */
public final class OpsRun {

    public final int exitCode;
    public final String out;
    public final String err;

    private OpsRun(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    public static OpsRun of(Map<String, String> variables, List<ExecutionInterceptor> interceptors, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OpsEnvironment environment = new OpsEnvironment(variables,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                interceptors, Sleeper.SYSTEM, false, false);
        int code = OpsCli.execute(environment, args);
        return new OpsRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static OpsRun of(String... args) {
        return of(Map.of(), List.of(), args);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
}

package kr.compensation.voucher.reliability.harness;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import kr.compensation.voucher.ops.OpsCli;
import kr.compensation.voucher.ops.OpsEnvironment;
import kr.compensation.voucher.ops.support.Sleeper;

/** The ops tool ({@code voucher-ops}) run in this JVM as an operator runs it; its exit status and what it printed. */
public record OpsTool(int exitCode, String out, String err) {

    public static OpsTool run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OpsEnvironment environment = new OpsEnvironment(Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                List.of(), Sleeper.SYSTEM, false, false);
        int exit = OpsCli.execute(environment, args);
        return new OpsTool(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

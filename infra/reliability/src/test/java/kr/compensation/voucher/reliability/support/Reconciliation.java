package kr.compensation.voucher.reliability.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.ops.OpsCli;
import kr.compensation.voucher.ops.OpsEnvironment;
import kr.compensation.voucher.ops.support.Sleeper;

/**
 * The ops tool's {@code reconcile}, run in this JVM exactly as an operator runs it against the emulator
 * ({@code voucher-ops reconcile --endpoint-url ... --table ... --json}); its exit status and JSON report.
 */
public record Reconciliation(int exitCode, JsonNode report, String err) {

    public static Reconciliation of(LocalAws aws, String table) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OpsEnvironment environment = new OpsEnvironment(Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                List.of(), Sleeper.SYSTEM, false, false);
        int exit = OpsCli.execute(environment, "reconcile", "--endpoint-url", aws.endpoint().toString(),
                "--region", aws.region().id(), "--table", table, "--segments", "4", "--json", "--no-progress");
        try {
            String text = out.toString(StandardCharsets.UTF_8);
            JsonNode report = text.isBlank() ? null : new ObjectMapper().readTree(text);
            return new Reconciliation(exit, report, err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("reconcile printed no JSON", e);
        }
    }

    public long total(String field) {
        return report.path(field).asLong(-1);
    }
}

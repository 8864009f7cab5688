package kr.compensation.voucher.reliability.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import kr.compensation.voucher.localaws.LocalAws;

/**
 * The ops tool's {@code reconcile}, run in this JVM exactly as an operator runs it against the emulator
 * ({@code voucher-ops reconcile --endpoint-url ... --table ... --json}); its exit status and JSON report.
 */
public record Reconciliation(int exitCode, JsonNode report, String err) {

    public static Reconciliation of(LocalAws aws, String table) {
        OpsTool run = OpsTool.run("reconcile", "--endpoint-url", aws.endpoint().toString(),
                "--region", aws.region().id(), "--table", table, "--segments", "4", "--json", "--no-progress");
        try {
            JsonNode report = run.out().isBlank() ? null : new ObjectMapper().readTree(run.out());
            return new Reconciliation(run.exitCode(), report, run.err());
        } catch (IOException e) {
            throw new UncheckedIOException("reconcile printed no JSON", e);
        }
    }

    public long total(String field) {
        return report.path(field).asLong(-1);
    }
}

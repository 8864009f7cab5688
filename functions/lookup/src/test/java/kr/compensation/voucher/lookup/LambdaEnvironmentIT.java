package kr.compensation.voucher.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kr.compensation.voucher.adapters.dynamodb.EligibilityItem;
import kr.compensation.voucher.domain.AccountState;
import kr.compensation.voucher.domain.CustomerKey;
import kr.compensation.voucher.domain.CustomerKeyHasher;
import kr.compensation.voucher.domain.IssuerRole;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The handler as Lambda starts it: a fresh JVM, the no-arg constructor, and only the environment variables
 * template.yaml gives LookupFunction (plus what Lambda itself sets: region and the role's credentials, here the
 * emulator's dummies, and AWS_ENDPOINT_URL pointing the SDK at the emulator). Proves application-lookup.properties's mapping and
 * the pepper read from an SSM SecureString at init.
 */
@WithLocalAws
class LambdaEnvironmentIT {

    @Test
    @DisplayName("configured from the function's environment alone, it reads the pepper from SSM and serves a customer")
    void startsFromTheLambdaEnvironment(LocalAws aws, @TempDir Path logs) throws Exception {
        byte[] pepper = new byte[48];
        for (int i = 0; i < pepper.length; i++) {
            pepper[i] = (byte) (i * 7 + 3);
        }
        aws.ssm().putParameter(b -> b.name("/voucher/customer-key-pepper").type(ParameterType.SECURE_STRING)
                .value(Base64.getEncoder().encodeToString(pepper)).overwrite(true));
        String table = aws.resources().tableName("EligibilityTable");
        CustomerKey key = new CustomerKeyHasher(pepper).keyOf(IssuerRole.SIGN_IN, "customer-a");
        aws.dynamoDb().putItem(b -> b.tableName(table).item(EligibilityItem.newlyLoaded(key, true, AccountState.ACTIVE)));

        ProcessBuilder process = new ProcessBuilder(javaCommand("events/signin-get-eligibility.json"))
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve("probe.log").toFile());
        Map<String, String> environment = process.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("VOUCHER_")
                || List.of("TABLE_NAME", "QUEUE_URL", "OPENS_AT", "PEPPER_PARAMETER", "SIGN_IN_ISSUER",
                "IDENTITY_ISSUER").contains(name));
        environment.putAll(aws.clientEnvironment());
        environment.put("TABLE_NAME", table);
        environment.put("QUEUE_URL", aws.resources().queueUrl("IssueRequestQueue"));
        environment.put("OPENS_AT", "2020-01-01T00:00:00+09:00");
        environment.put("VOUCHER_AMOUNT", "50000");
        environment.put("PEPPER_PARAMETER", "/voucher/customer-key-pepper");
        environment.put("SIGN_IN_ISSUER", LookupHandlers.SIGN_IN_ISSUER);
        environment.put("IDENTITY_ISSUER", LookupHandlers.IDENTITY_ISSUER);

        Process probe = process.start();
        boolean finished = probe.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            probe.destroyForcibly();
        }
        String output = java.nio.file.Files.readString(logs.resolve("probe.log"), StandardCharsets.UTF_8);

        assertThat(finished).as(output).isTrue();
        assertThat(probe.exitValue()).as(output).isZero();
        assertThat(output).contains(LambdaEnvironmentProbe.MARKER + "200 {\"eligible\":true,\"accountState\":\"ACTIVE\","
                + "\"voucher\":{\"amount\":50000,\"currency\":\"KRW\",\"status\":\"NOT_CLAIMED\"}}");
        assertThat(output).as("no personal data in the logs").doesNotContain("customer-a", key.value());
    }

    private static List<String> javaCommand(String fixture) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(classPath);
        command.add(LambdaEnvironmentProbe.class.getName());
        command.add(fixture);
        return command;
    }
}

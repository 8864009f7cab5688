package kr.compensation.voucher.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kr.compensation.voucher.adapters.aws.SsmPepper;
import kr.compensation.voucher.localaws.LocalAws;
import kr.compensation.voucher.localaws.WithLocalAws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Needs the local AWS emulator, bash, openssl and the AWS CLI on PATH: runs the pepper creation exactly as
 * docs/deploy.md writes it (the block after the {@code pepper-create} marker), pointed at the emulator, and shows
 * that the value it stored stood in no process's arguments. Two witnesses: a stand-in {@code aws} first on PATH
 * records the arguments it was given and hands them on to the real CLI, and a sampler reads every process's
 * {@code /proc/PID/cmdline} for as long as the command runs.
 */
@WithLocalAws
class PepperCreationIT {

    private static final Path DEPLOY_GUIDE = Path.of("..", "..", "docs", "deploy.md");
    private static final String MARKER = "<!-- pepper-create:";

    @TempDir
    Path dir;

    @Test
    void theDocumentedPepperCreation_storesAFreshPepper_thatNoProcessEverHadInItsArguments(LocalAws aws)
            throws Exception {
        Path realCli = onPath("aws");
        assumeThat(realCli).as("the AWS CLI on PATH").isNotNull();
        assumeThat(onPath("openssl")).as("openssl on PATH").isNotNull();
        aws.reset();
        String documented = documentedBlock();
        assertThat(documented).contains("file:///dev/stdin").doesNotContain("$(").doesNotContain("`");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path recordedArguments = dir.resolve("aws-argv.txt");
        Path standIn = bin.resolve("aws");
        // The stand-in also pins the emulator's endpoint, so that nothing can reach AWS itself.
        Files.writeString(standIn, """
                #!/usr/bin/env bash
                printf '%s\\n' "$@" >> "$ARGV_RECORD"
                exec "$REAL_AWS" --endpoint-url "$AWS_ENDPOINT_URL" "$@"
                """);
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", documented)
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        builder.environment().putAll(aws.clientEnvironment());
        builder.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        builder.environment().put("ARGV_RECORD", recordedArguments.toString());
        builder.environment().put("REAL_AWS", realCli.toString());
        builder.environment().put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        Set<String> seen = ConcurrentHashMap.newKeySet();

        Process creation = builder.start();
        while (creation.isAlive()) {
            sampleEveryCommandLine(seen);
        }
        sampleEveryCommandLine(seen);

        assertThat(creation.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(creation.exitValue()).as(Files.readString(dir.resolve("err.txt"))).isZero();
        String pepper = aws.ssm().getParameter(r -> r.name("/voucher/customer-key-pepper").withDecryption(true))
                .parameter().value();
        assertThat(aws.ssm().getParameter(r -> r.name("/voucher/customer-key-pepper")).parameter().typeAsString())
                .isEqualTo("SecureString");
        assertThat(SsmPepper.decode(pepper)).hasSize(48);
        assertThat(pepper).doesNotContain("\n");
        List<String> arguments = Files.readAllLines(recordedArguments);
        // Booleans, so that a failing test does not print the value into its own report either.
        assertThat(arguments).contains("put-parameter", "file:///dev/stdin");
        assertThat(arguments.stream().anyMatch(a -> a.contains(pepper))).as("the value in the CLI's arguments")
                .isFalse();
        // The sampler did see the CLI at work, so its silence about the value means something.
        assertThat(seen).anyMatch(line -> line.contains("put-parameter"));
        assertThat(seen.stream().anyMatch(line -> line.contains(pepper))).as("the value in a process's arguments")
                .isFalse();
        assertThat(documented.contains(pepper)).isFalse();
        assertThat((Files.readString(dir.resolve("out.txt")) + Files.readString(dir.resolve("err.txt")))
                .contains(pepper)).as("the value in the command's output").isFalse();

        // The guide's claim that running it again cannot replace the pepper customers are keyed by.
        Process again = builder.start();
        assertThat(again.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(again.exitValue()).isNotZero();
        assertThat(Files.readString(dir.resolve("err.txt"))).contains("ParameterAlreadyExists");
        assertThat(aws.ssm().getParameter(r -> r.name("/voucher/customer-key-pepper").withDecryption(true))
                .parameter().value().equals(pepper)).as("the first pepper kept").isTrue();
    }

    private static String documentedBlock() throws IOException {
        List<String> lines = Files.readAllLines(DEPLOY_GUIDE, StandardCharsets.UTF_8);
        int marker = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(MARKER)) {
                assertThat(marker).as("one " + MARKER + " marker in " + DEPLOY_GUIDE).isEqualTo(-1);
                marker = i;
            }
        }
        assertThat(marker).as(MARKER + " in " + DEPLOY_GUIDE).isNotNegative();
        assertThat(lines.get(marker + 1)).isEqualTo("```sh");
        StringBuilder block = new StringBuilder();
        for (int i = marker + 2; !lines.get(i).equals("```"); i++) {
            block.append(lines.get(i)).append('\n');
        }
        return block.toString();
    }

    private static void sampleEveryCommandLine(Set<String> seen) throws IOException {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    byte[] cmdline = Files.readAllBytes(process.resolve("cmdline"));
                    if (cmdline.length > 0) {
                        seen.add(new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' '));
                    }
                } catch (IOException gone) {
                    // The process ended between the listing and the read.
                }
            }
        }
    }

    private static Path onPath(String command) {
        for (String folder : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}

package kr.compensation.voucher.localruntime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where the local runtime's own parts are: the Runtime Interface Emulator binary that {@code infra/bin/bootstrap}
 * installs, the runtime interface client's jars that this module's build copies (Lambda's {@code /var/runtime/lib}),
 * and the JVM to run functions with.
 */
public record RuntimeFiles(Path emulator, List<Path> runtimeJars, Path java) {

    /** Set by infra/bin/bootstrap's caller, or found at the place bootstrap installs it. */
    public static final String EMULATOR_VARIABLE = "VOUCHER_LAMBDA_RIE";

    public RuntimeFiles {
        Objects.requireNonNull(emulator, "emulator");
        Objects.requireNonNull(java, "java");
        runtimeJars = List.copyOf(runtimeJars);
    }

    /** The files of a checkout: the emulator under {@code .tools/bin}, the jars under this module's target. */
    public static RuntimeFiles inRepository(Path root) {
        String configured = System.getenv(EMULATOR_VARIABLE);
        Path emulator = configured != null && !configured.isBlank() ? Path.of(configured)
                : root.resolve(".tools/bin/aws-lambda-rie");
        if (!Files.isExecutable(emulator)) {
            throw new IllegalStateException("the AWS Lambda Runtime Interface Emulator is not installed at " + emulator
                    + ": run infra/bin/bootstrap (it builds it with `go install`)");
        }
        Path jars = root.resolve("infra/local/runtime/target/lambda-runtime");
        List<Path> runtimeJars;
        try (Stream<Path> files = Files.list(jars)) {
            runtimeJars = files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("the runtime interface client's jars are missing under " + jars
                    + ": build the module (mvn -pl infra/local/runtime -am package)", e);
        }
        if (runtimeJars.stream().noneMatch(jar -> jar.getFileName().toString()
                .startsWith("aws-lambda-java-runtime-interface-client-"))) {
            throw new IllegalStateException("no runtime interface client under " + jars);
        }
        Path java = Path.of(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        return new RuntimeFiles(emulator, runtimeJars, java);
    }
}

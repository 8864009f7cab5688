package kr.compensation.voucher.localruntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Each function's deployment artifact, as {@code sam build} makes it: the folder whose root and {@code lib/*.jar}
 * Lambda's Java runtime loads the function from.
 *
 * <p>Where a {@code sam build} output folder is given (infra/bin/test-all builds one, {@code VOUCHER_SAM_BUILD_DIR}),
 * its {@code <LogicalId>} folder is used as it is. Otherwise the artifact is made the way sam build makes it for
 * {@code BuildMethod: makefile}: the root Makefile's {@code build-<LogicalId>} target with {@code ARTIFACTS_DIR} set
 * (AWS SAM, "Building custom runtimes" / makefile builds:
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/building-custom-runtimes.html), with
 * its Maven step switched off ({@code MVN=:}) because the caller has built the jars already: the same recipe puts
 * the same jar in the same place.
 */
public final class SamBuildArtifacts {

    public static final String BUILD_DIR_VARIABLE = "VOUCHER_SAM_BUILD_DIR";

    private final Path repositoryRoot;
    private final Path samBuildDir;
    private final Path stagingDir;

    /**
     * @param samBuildDir a {@code sam build --build-dir} output, or null to stage artifacts under {@code stagingDir}
     */
    public SamBuildArtifacts(Path repositoryRoot, Path samBuildDir, Path stagingDir) {
        this.repositoryRoot = repositoryRoot;
        this.samBuildDir = samBuildDir;
        this.stagingDir = stagingDir;
    }

    /** Takes the sam build folder from {@value #BUILD_DIR_VARIABLE} when it is set and holds the functions. */
    public static SamBuildArtifacts forRepository(Path repositoryRoot, Path stagingDir) {
        String configured = System.getenv(BUILD_DIR_VARIABLE);
        Path samBuild = configured == null || configured.isBlank() ? null : Path.of(configured);
        return new SamBuildArtifacts(repositoryRoot, samBuild, stagingDir);
    }

    public Path artifact(String logicalId) {
        if (samBuildDir != null && Files.isDirectory(samBuildDir.resolve(logicalId).resolve("lib"))) {
            return samBuildDir.resolve(logicalId);
        }
        Path artifact = stagingDir.resolve(logicalId);
        try {
            if (Files.isDirectory(artifact)) {
                try (var old = Files.walk(artifact)) {
                    old.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            Files.createDirectories(artifact);
            Path log = Files.createTempFile("sam-build-" + logicalId, ".log");
            ProcessBuilder make = new ProcessBuilder(List.of("make", "--no-print-directory", "--makefile",
                    repositoryRoot.resolve("Makefile").toString(), "build-" + logicalId, "MVN=:"))
                    .directory(repositoryRoot.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            make.environment().put("ARTIFACTS_DIR", artifact.toAbsolutePath().toString());
            Process process = make.start();
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("make build-" + logicalId + " failed (build the functions first: "
                        + "mvn -pl functions/lookup,functions/issuer -am package): "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot stage the artifact of " + logicalId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while staging " + logicalId, e);
        }
        return artifact;
    }
}

package kr.compensation.voucher.ops.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Needs bash and python3 (as the scripts do), nothing running: infra/bin/lib/fresh-build.sh, which run-local and
 * voucher-ops call before running their jar, on a made-up reactor whose file times the test sets itself.
 * Module {@code app} depends on {@code lib} (compile), {@code lib} on {@code core} (runtime), {@code app} on
 * {@code fixtures} (test only); {@code other} is unrelated.
 */
class FreshBuildScriptTest {

    private static final Path HELPER = Path.of("..", "bin", "lib", "fresh-build.sh").toAbsolutePath().normalize();
    private static final Instant BUILT = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path repo;

    @BeforeEach
    void reactor() throws IOException {
        Path lib = Files.createDirectories(repo.resolve("infra/bin/lib"));
        Files.copy(HELPER, lib.resolve("fresh-build.sh"));
        write("pom.xml", "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><artifactId>parent</artifactId>"
                + "<modules><module>app</module><module>libs</module><module>other</module></modules></project>");
        write("libs/pom.xml", "<project><artifactId>libs</artifactId><modules><module>lib</module>"
                + "<module>core</module><module>fixtures</module></modules></project>");
        module("app", "app-artifact", dependency("lib-artifact", null) + dependency("fixtures-artifact", "test")
                + dependency("jackson-databind", null));
        module("libs/lib", "lib-artifact", dependency("core-artifact", "runtime"));
        module("libs/core", "core-artifact", "");
        module("libs/fixtures", "fixtures-artifact", "");
        module("other", "other-artifact", "");
        write("app/target/app.jar", "jar");
        try (var files = Files.walk(repo)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, FileTime.from(BUILT.minusSeconds(60)));
            }
        }
        Files.setLastModifiedTime(repo.resolve("app/target/app.jar"), FileTime.from(BUILT));
    }

    @Test
    void theModulesOfAJar_areItsModuleAndEveryNonTestDependencyOfTheReactor_transitively() throws Exception {
        Result result = run("voucher_modules_of app");

        assertThat(result.out.lines().toList()).containsExactly("app", "libs/core", "libs/lib");
    }

    @Test
    void aJarNewerThanEverySource_isRunAsItIs_silently() throws Exception {
        Result result = fresh();

        assertThat(result.status).isZero();
        assertThat(result.err).isEmpty();
        assertThat(repo.resolve("build.log")).doesNotExist();
    }

    @Test
    void aChangeInATransitiveDependency_rebuilds_andSaysWhyInOneLine() throws Exception {
        touchAfterBuild("libs/core/src/main/java/Core.java");

        Result result = fresh();

        assertThat(result.status).isZero();
        assertThat(result.err.lines().toList()).containsExactly(
                "test: rebuilding app/target/app.jar: libs/core/src/main/java/Core.java changed since it was built");
        assertThat(Files.readString(repo.resolve("build.log"))).isEqualTo("built\n");
    }

    @Test
    void aChangedPom_ofTheRootOrAModule_rebuilds() throws Exception {
        touchAfterBuild("pom.xml");
        assertThat(fresh().err).contains("pom.xml changed");

        Files.setLastModifiedTime(repo.resolve("app/target/app.jar"), FileTime.from(BUILT.plusSeconds(3600)));
        Files.setLastModifiedTime(repo.resolve("pom.xml"), FileTime.from(BUILT));
        Files.setLastModifiedTime(repo.resolve("libs/lib/pom.xml"), FileTime.from(BUILT.plusSeconds(7200)));
        assertThat(fresh().err).contains("libs/lib/pom.xml changed");
    }

    @Test
    void changesOutsideTheJar_testSources_testOnlyModules_otherModules_buildOutput_rebuildNothing()
            throws Exception {
        touchAfterBuild("app/src/test/java/AppTest.java");
        touchAfterBuild("libs/fixtures/src/main/java/Fixture.java");
        touchAfterBuild("other/src/main/java/Other.java");
        touchAfterBuild("libs/lib/target/classes/Lib.class");

        Result result = fresh();

        assertThat(result.err).isEmpty();
        assertThat(repo.resolve("build.log")).doesNotExist();
    }

    @Test
    void aMissingJar_isBuilt_andAFailedBuildIsReported() throws Exception {
        Files.delete(repo.resolve("app/target/app.jar"));

        Result built = fresh();
        Result failed = run("voucher_fresh_build test app/target/missing.jar app -- false");

        assertThat(built.status).isZero();
        assertThat(built.err.lines().toList()).containsExactly("test: building app/target/app.jar: it does not exist yet");
        assertThat(failed.status).isNotZero();
    }

    private Result fresh() throws Exception {
        return run("voucher_fresh_build test app/target/app.jar app -- "
                + "sh -c 'echo built >> build.log; touch app/target/app.jar'");
    }

    private void touchAfterBuild(String file) throws IOException {
        Path path = repo.resolve(file);
        if (!Files.exists(path)) {
            Files.createDirectories(path.getParent());
            Files.writeString(path, "new");
        }
        Files.setLastModifiedTime(path, FileTime.from(BUILT.plusSeconds(1)));
    }

    private void module(String folder, String artifact, String dependencies) throws IOException {
        write(folder + "/pom.xml", "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><parent><artifactId>parent"
                + "</artifactId></parent><artifactId>" + artifact + "</artifactId><dependencies>" + dependencies
                + "</dependencies><dependencyManagement><dependencies>" + dependency("other-artifact", null)
                + "</dependencies></dependencyManagement></project>");
        write(folder + "/src/main/java/Main.java", "class Main {}");
    }

    private static String dependency(String artifact, String scope) {
        return "<dependency><groupId>g</groupId><artifactId>" + artifact + "</artifactId>"
                + (scope == null ? "" : "<scope>" + scope + "</scope>") + "</dependency>";
    }

    private void write(String file, String content) throws IOException {
        Path path = repo.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    private Result run(String command) throws Exception {
        Process process = new ProcessBuilder("bash", "-c",
                "set -euo pipefail; source infra/bin/lib/fresh-build.sh; " + command)
                .directory(repo.toFile()).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), out, err);
    }

    private record Result(int status, String out, String err) {
    }
}

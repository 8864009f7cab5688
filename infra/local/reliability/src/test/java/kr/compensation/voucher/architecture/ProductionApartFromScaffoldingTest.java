package kr.compensation.voucher.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kr.compensation.voucher.localaws.LocalAws;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What ships (the two functions, their domain and adapters, the ops tool) never depends on what exists only to run
 * and test locally ({@code infra/local/*}): not in its classes, and not in its Maven dependencies outside the test
 * scope. This module sees both sides, which is why the rule lives here.
 */
class ProductionApartFromScaffoldingTest {

    /** The packages of the modules under {@code infra/local}: the harness, Lambda stand-ins, the local run. */
    private static final String[] SCAFFOLDING = {"kr.compensation.voucher.localaws..",
        "kr.compensation.voucher.locallambda..", "kr.compensation.voucher.localruntime..",
        "kr.compensation.voucher.localevents..", "kr.compensation.voucher.local..",
        "kr.compensation.voucher.reliability.."};
    private static final String[] PRODUCTION = {"kr.compensation.voucher.domain..",
        "kr.compensation.voucher.aws..", "kr.compensation.voucher.adapters..", "kr.compensation.voucher.shell..",
        "kr.compensation.voucher.lookup..", "kr.compensation.voucher.issuer..", "kr.compensation.voucher.ops.."};
    /**
     * Main classes only: not test-classes folders, and not the test-jars the domain and the issuer publish for other
     * modules' tests (a reactor build after package resolves those to the jar, not the folder).
     */
    private static final ImportOption MAIN_ONLY = location -> !location.contains("-tests.jar")
            && ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location);
    private static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>(.*?)</dependency>",
            Pattern.DOTALL);
    private static final Pattern ARTIFACT = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>");

    @Test
    @DisplayName("no shipped class uses a class of the local scaffolding")
    void classes() {
        JavaClasses shipped = new ClassFileImporter().withImportOption(MAIN_ONLY)
                .importPackages(PRODUCTION);
        assertThat(shipped.size()).as("classes of every production module were imported").isGreaterThan(100);

        noClasses().should().dependOnClassesThat().resideInAnyPackage(SCAFFOLDING)
                .because("infra/local exists to run and test locally; nothing of it may reach Lambda or ops' hands")
                .check(shipped);
    }

    @Test
    @DisplayName("no production module depends on a local module outside the test scope")
    void mavenDependencies() throws IOException {
        Path root = LocalAws.repositoryRoot();
        List<String> local = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root.resolve("infra/local"))) {
            for (Path module : modules.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml"))).toList()) {
                Matcher artifact = ARTIFACT.matcher(Files.readString(module.resolve("pom.xml")));
                assertThat(artifact.find()).as(module + " names its artifact").isTrue();
                local.add(artifact.group(1));
            }
        }
        assertThat(local).contains("local-aws", "local-lambda", "local-runtime", "local-run", "local-events");

        List<Path> production = new ArrayList<>(List.of(root.resolve("infra/ops/pom.xml")));
        try (Stream<Path> functions = Files.list(root.resolve("functions"))) {
            functions.map(dir -> dir.resolve("pom.xml")).filter(Files::isRegularFile).forEach(production::add);
        }
        assertThat(production).hasSizeGreaterThanOrEqualTo(5);
        int seen = 0;
        for (Path pom : production) {
            Matcher dependency = DEPENDENCY.matcher(Files.readString(pom));
            while (dependency.find()) {
                if (local.contains(dependency.group(2).trim())) {
                    assertThat(dependency.group(3)).as(root.relativize(pom) + " depends on " + dependency.group(2))
                            .contains("<scope>test</scope>");
                    seen++;
                }
            }
        }
        assertThat(seen).as("the tests' own uses of the harness were read (infra/ops, functions/*)").isPositive();
    }
}

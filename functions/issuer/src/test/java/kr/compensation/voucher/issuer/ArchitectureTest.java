package kr.compensation.voucher.issuer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The batch logic stays plain Java: Lambda, Micronaut and CRaC types live only in the handler's thin shell. */
@AnalyzeClasses(packages = "kr.compensation.voucher.issuer", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule processingIsFrameworkFree = noClasses()
            .that().doNotHaveSimpleName("IssuerHandler")
            .and().doNotHaveSimpleName("IssuerFactory")
            .and().doNotHaveSimpleName("IssuerPriming")
            .and().haveNameNotMatching(".*\\$.*Definition.*")
            .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "org.crac..", "jakarta.inject..",
                    "com.amazonaws.services.lambda..", "software.amazon.awssdk..")
            .because("the local run, tests and benchmarks drive IssueBatchProcessor without Lambda or a container, and "
                    + "AWS types stay in the adapters");
}

package kr.compensation.voucher.lookup;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The API logic stays plain Java: Lambda and Micronaut types live only in the handler's thin shell. */
@AnalyzeClasses(packages = "kr.compensation.voucher.lookup", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule apiIsFrameworkFree = noClasses().that().resideInAPackage("..lookup.api..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "com.amazonaws..", "software.amazon..",
                    "jakarta.inject..", "kr.compensation.voucher.adapters..")
            .because("routing, authentication and rendering must be testable and reusable without Lambda or a container");
}

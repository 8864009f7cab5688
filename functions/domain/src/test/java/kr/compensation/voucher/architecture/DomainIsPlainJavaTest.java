package kr.compensation.voucher.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Holds the architecture: the domain is plain Java, so every rule can be read and tested without AWS or Micronaut. */
class DomainIsPlainJavaTest {

    private final JavaClasses domain = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("kr.compensation.voucher.domain");

    @Test
    @DisplayName("domain classes depend only on the JDK and on each other")
    void domainDependsOnlyOnJdk() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("kr.compensation.voucher.domain..", "java..", "javax.crypto..")
                .check(domain);
    }

    @Test
    @DisplayName("no domain class keeps a random generator in a field (SnapStart would clone its state)")
    void noRandomStateInFields() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields()
                .should().haveRawType(java.util.Random.class)
                .orShould().haveRawType(java.security.SecureRandom.class)
                .check(domain);
    }
}

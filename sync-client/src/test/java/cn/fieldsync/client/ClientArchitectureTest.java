package cn.fieldsync.client;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The device library stays plain Java (the command line lives in sync-cli; CliArchitectureTest there). */
class ClientArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.fieldsync.client");

    @Test
    void theClientUsesNoServerFramework() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("jakarta..", "io.helidon..", "org.eclipse..",
                "cn.fieldsync.server..").check(CLASSES);
    }
}

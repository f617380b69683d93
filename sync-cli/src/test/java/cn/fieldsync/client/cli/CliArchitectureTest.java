package cn.fieldsync.client.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The command line is an app of the device library like any other: it speaks only its public API. */
class CliArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.fieldsync.client.cli");

    @Test
    void theCommandLineSpeaksOnlyThePublicApi() {
        noClasses().that().resideInAPackage("cn.fieldsync.client.cli..")
                .should().dependOnClassesThat().resideInAPackage("cn.fieldsync.client.internal..").check(CLASSES);
    }
}

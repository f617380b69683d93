package cn.fieldsync.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layering the code promises, kept honest. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.fieldsync");

    @Test
    void domainRulesArePlainJava() {
        noClasses().that().resideInAPackage("cn.fieldsync.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "io.helidon..", "org.eclipse..",
                        "com.google.gson..", "cn.fieldsync.server..")
                .check(CLASSES);
    }

    @Test
    void mergeRulesArePlainJava() {
        noClasses().that().resideInAPackage("cn.fieldsync.sync..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "io.helidon..", "org.eclipse..",
                        "cn.fieldsync.server..")
                .check(CLASSES);
    }

    @Test
    void resourcesNeverTouchTheEntityManagerOrEntities() {
        noClasses().that().resideInAPackage("cn.fieldsync.server.api..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.persistence..", "cn.fieldsync.server.persistence..")
                .check(CLASSES);
    }

    @Test
    void recordLogicKnowsNothingOfHttp() {
        noClasses().that().resideInAnyPackage("cn.fieldsync.server.record..", "cn.fieldsync.server.persistence..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "cn.fieldsync.server.api..")
                .check(CLASSES);
    }
}

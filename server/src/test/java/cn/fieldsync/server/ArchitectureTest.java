package cn.fieldsync.server;

import cn.fieldsync.schemas.JsonFields;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
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

    /**
     * One way to read a member of a JSON object (JsonFields): no class grows its own
     * {@code text(JsonObject, String)} or {@code array(JsonObject, String)} again, whatever its name.
     */
    @Test
    void jsonMembersAreReadOnlyThroughJsonFields() {
        methods().that().haveRawParameterTypes(JsonObject.class, String.class)
                .and().haveRawReturnType(String.class)
                .should().beDeclaredIn(JsonFields.class)
                .check(CLASSES);
        methods().that().haveRawParameterTypes(JsonObject.class, String.class)
                .and().haveRawReturnType(JsonArray.class)
                .should().beDeclaredIn(JsonFields.class)
                .check(CLASSES);
    }
}

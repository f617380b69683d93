package cn.fieldsync.server;

import cn.fieldsync.schemas.JsonFields;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
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
     * One way to read a member of a JSON object (JsonFields): a member reader — a method shaped
     * {@code (JsonObject, String)} returning text or an array, named as readers are (text, str, value,
     * optional, ...) — is JsonFields' own or a thin adapter that calls it (a blank instead of null,
     * say); none reads the member itself with its own rule for a missing field again.
     */
    @Test
    void jsonMembersAreReadOnlyThroughJsonFields() {
        ArchCondition<JavaMethod> readsThroughJsonFields = new ArchCondition<>("be declared in JsonFields or call it") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                boolean own = method.getOwner().isEquivalentTo(JsonFields.class);
                boolean delegates = method.getMethodCallsFromSelf().stream()
                        .anyMatch(call -> call.getTargetOwner().isEquivalentTo(JsonFields.class));
                if (!own && !delegates) {
                    events.add(SimpleConditionEvent.violated(method, method.getFullName() + " reads a JSON member by its own rule; use JsonFields"));
                }
            }
        };
        String readerNames = "text|textOr|str|string|optional|value|member|field|array|list";
        methods().that().haveRawParameterTypes(JsonObject.class, String.class).and().haveRawReturnType(String.class)
                .and().haveNameMatching(readerNames).should(readsThroughJsonFields).check(CLASSES);
        methods().that().haveRawParameterTypes(JsonObject.class, String.class).and().haveRawReturnType(JsonArray.class)
                .and().haveNameMatching(readerNames).should(readsThroughJsonFields).check(CLASSES);
    }
}

package cn.fieldsync.server;

import cn.fieldsync.schemas.JsonFields;
import cn.fieldsync.server.api.Answers;
import cn.fieldsync.server.api.CasesResource;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.google.gson.JsonElement;
import jakarta.ws.rs.HttpMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

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
        noClasses().that().resideInAPackage("cn.fieldsync.merge..")
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

    /**
     * Answers are response records (DTOs) written in one place ({@code DtoJson}, sent by
     * {@code ApiJson}): a resource whose every route answers with a record (returns one, or a
     * {@code Response} marked {@link Answers}) never builds a {@code JsonObject} or
     * {@code JsonArray} answer nor writes JSON text itself. The case resource is one of them.
     */
    @Test
    void resourcesAnsweringWithRecordsBuildNoJsonObjects() {
        DescribedPredicate<JavaClass> answersWithRecords = new DescribedPredicate<>("answer every route with a response record") {
            @Override
            public boolean test(JavaClass type) {
                Set<JavaMethod> routes = type.getMethods().stream().filter(ArchitectureTest::isRoute)
                        .collect(java.util.stream.Collectors.toSet());
                return !routes.isEmpty() && routes.stream().allMatch(m -> m.getRawReturnType().isRecord() || m.isAnnotatedWith(Answers.class));
            }
        };
        assertThat(answersWithRecords.test(CLASSES.get(CasesResource.class))).as("CasesResource answers with records").isTrue();
        ArchCondition<JavaClass> buildNoJson = new ArchCondition<>("build no JsonObject or JsonArray answer nor write JSON text") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                for (JavaMethodCall call : type.getMethodCallsFromSelf()) {
                    JavaClass owner = call.getTargetOwner();
                    String name = call.getName();
                    boolean builds = (owner.isEquivalentTo(JsonObject.class) && Set.of("add", "addProperty").contains(name))
                            || (owner.isEquivalentTo(JsonArray.class) && name.equals("add"))
                            || (owner.isAssignableTo(JsonElement.class) && name.equals("toString"));
                    if (builds) {
                        events.add(SimpleConditionEvent.violated(call, call.getDescription() + ": answer with a response record instead"));
                    }
                }
            }
        };
        classes().that().resideInAPackage("cn.fieldsync.server.api..").and(answersWithRecords).should(buildNoJson).check(CLASSES);
    }

    private static boolean isRoute(JavaMethod method) {
        return method.getAnnotations().stream().anyMatch(a -> a.getRawType().isAnnotatedWith(HttpMethod.class));
    }

    /**
     * Response records live in {@code ..dto} packages as records, and know nothing of the server
     * but other response records: a shape is data, built by its service, written by DtoJson.
     */
    @Test
    void responseRecordsAreRecordsInDtoPackages() {
        classes().that().resideInAPackage("cn.fieldsync.server..dto..").and().areTopLevelClasses().and().doNotHaveSimpleName("DtoJson")
                .should().haveOnlyFinalFields().check(CLASSES);
        classes().that().resideInAPackage("cn.fieldsync.server..dto..").and().areNotTopLevelClasses()
                .should().beAssignableTo(Record.class).check(CLASSES);
        noClasses().that().resideInAPackage("cn.fieldsync.server..dto..")
                .should().dependOnClassesThat(DescribedPredicate.describe("a server class outside the dto packages",
                        (JavaClass c) -> c.getPackageName().startsWith("cn.fieldsync.server") && !c.getPackageName().contains(".dto")))
                .check(CLASSES);
        ArchCondition<JavaMethod> answerFromDto = new ArchCondition<>("answer with a record of a dto package") {
            @Override
            public void check(JavaMethod route, ConditionEvents events) {
                JavaClass answer = route.isAnnotatedWith(Answers.class)
                        ? CLASSES.get(route.getAnnotationOfType(Answers.class).value()) : route.getRawReturnType();
                if (answer.isRecord() && !answer.getPackageName().contains(".dto")) {
                    events.add(SimpleConditionEvent.violated(route, route.getFullName() + " answers with " + answer.getName()
                            + ", a record outside the dto packages"));
                }
            }
        };
        methods().that(DescribedPredicate.describe("are routes", ArchitectureTest::isRoute)).should(answerFromDto).check(CLASSES);
    }

    /**
     * No package cycle in the server: the case file ({@code casefile}, its {@code dto}), the DTO
     * writer, the services below and the resources above depend one way only.
     */
    @Test
    void serverPackagesFormNoCycle() {
        // known, and not the case file's: observe's own resources (metrics, version) use api's @Allowed
        // while api reports to observe's metrics and request trace
        slices().matching("cn.fieldsync.server.(**)").should().beFreeOfCycles()
                .ignoreDependency(JavaClass.Predicates.resideInAPackage("cn.fieldsync.server.observe.."),
                        JavaClass.Predicates.resideInAPackage("cn.fieldsync.server.api.."))
                .check(CLASSES);
    }
}

package cn.fieldsync.server;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The data-access rule of docs/architecture.md ("Data access"), kept honest: EclipseLink entities
 * for the aggregates a service edits, JPQL only over a package's own entities, plain JDBC for the
 * rest, and JPA's native queries only where they are still being retired.
 */
class DataAccessArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("cn.fieldsync");

    /** Where JPA's native queries are left, to be turned into JDBC or JPQL as these packages are reworked: this list only shrinks. */
    private static final String[] NATIVE_QUERIES_LEFT = {"cn.fieldsync.server.casefile..", "cn.fieldsync.server.sync..",
            "cn.fieldsync.server.record.."};

    /** The packages that hold no data access at all: HTTP, demo data, attachments' bytes, errors, the pure rules. */
    private static final String[] NO_DATA_ACCESS = {"cn.fieldsync.server.api..", "cn.fieldsync.server.demo..",
            "cn.fieldsync.server.attachment..", "cn.fieldsync.server.error..", "cn.fieldsync.merge..", "cn.fieldsync.domain..",
            "cn.fieldsync.schemas.."};

    @Test
    void anEntityIsUsedOnlyInItsOwnPackage() {
        classes().that().areAnnotatedWith(Entity.class).should(new ArchCondition<>("be used only in their own package") {
            @Override
            public void check(JavaClass entity, ConditionEvents events) {
                for (Dependency use : entity.getDirectDependenciesToSelf()) {
                    if (!use.getOriginClass().getPackageName().equals(entity.getPackageName())) {
                        events.add(SimpleConditionEvent.violated(use, use.getDescription()
                                + ": another package's table is read with plain SQL or through that package's service"));
                    }
                }
            }
        }).check(CLASSES);
    }

    @Test
    void jpqlQueriesOnlyThePackagesOwnEntities() {
        Set<String> entityPackages = CLASSES.stream().filter(c -> c.isAnnotatedWith(Entity.class))
                .map(JavaClass::getPackageName).collect(Collectors.toSet());
        classes().should(new ArchCondition<>("call EntityManager.createQuery only in a package that declares entities") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (JavaMethodCall call : origin.getMethodCallsFromSelf()) {
                    if (call.getTargetOwner().isAssignableTo(EntityManager.class) && call.getName().equals("createQuery")
                            && !entityPackages.contains(origin.getPackageName())) {
                        events.add(SimpleConditionEvent.violated(call, call.getDescription() + ": JPQL is for a package's own entities"));
                    }
                }
            }
        }).check(CLASSES);
    }

    @Test
    void nativeQueriesThroughJpaAreNotWrittenAnyMore() {
        noClasses().that().resideOutsideOfPackages(NATIVE_QUERIES_LEFT)
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("EntityManager.createNativeQuery",
                        call -> call.getTargetOwner().isAssignableTo(EntityManager.class) && call.getName().equals("createNativeQuery")))
                .because("plain SQL goes through JDBC (persistence.Sql): typed rows, the same on SQLite and PostgreSQL")
                .check(CLASSES);
    }

    @Test
    void httpDemoDataAndThePureRulesHoldNoDataAccess() {
        noClasses().that().resideInAnyPackage(NO_DATA_ACCESS)
                .should().dependOnClassesThat().belongToAnyOf(Connection.class, Statement.class, PreparedStatement.class,
                        ResultSet.class, DriverManager.class, EntityManager.class)
                .orShould().dependOnClassesThat().resideInAPackage("cn.fieldsync.server.persistence..")
                .because("they go through the services (docs/architecture.md, \"Data access\")")
                .check(CLASSES);
    }
}

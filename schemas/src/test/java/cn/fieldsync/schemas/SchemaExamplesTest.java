package cn.fieldsync.schemas;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaExamplesTest {

    static List<String> examples() {
        return SchemaExamples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleIsJudgedAsItsNameSays(String path) {
        RecordType type = SchemaExamples.typeOf(path);
        List<Violation> violations = RecordSchemas.get().validate(type, SchemaExamples.read(path));
        if (SchemaExamples.isValid(path)) {
            assertThat(violations).as(path).isEmpty();
        } else {
            assertThat(violations).as(path).isNotEmpty();
            assertThat(violations).allSatisfy(v -> assertThat(v.message()).isNotBlank());
        }
    }

    @Test
    void everyTypeHasValidAndInvalidExamples() {
        for (RecordType type : RecordType.values()) {
            assertThat(SchemaExamples.all()).as(type.wireName())
                    .anyMatch(p -> SchemaExamples.typeOf(p) == type && SchemaExamples.isValid(p))
                    .anyMatch(p -> SchemaExamples.typeOf(p) == type && !SchemaExamples.isValid(p));
        }
    }

    @Test
    void indexListsExactlyTheExampleFiles() throws IOException {
        Path root = Path.of("src/main/resources/schemas");
        try (Stream<Path> files = Files.walk(root.resolve("examples"))) {
            List<String> onDisk = files.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
            assertThat(SchemaExamples.all()).containsExactlyElementsOf(onDisk);
        }
    }

    @Test
    void missingRequiredFieldIsNamedByPointer() {
        List<Violation> violations = RecordSchemas.get()
                .validate(RecordType.HAZARD, SchemaExamples.read("examples/hazard/invalid-missing-unitId.json"));
        assertThat(violations).extracting(Violation::field).containsExactly("/unitId");
        assertThat(violations).extracting(Violation::keyword).containsExactly("required");
    }

    @Test
    void unknownFieldIsRefusedAndNamed() {
        List<Violation> violations = RecordSchemas.get()
                .validate(RecordType.UNIT, SchemaExamples.read("examples/unit/invalid-unknown-field.json"));
        assertThat(violations).extracting(Violation::field).containsExactly("/nmae");
    }

    @Test
    void impossibleCalendarDateIsRefused() {
        List<Violation> violations = RecordSchemas.get()
                .validate(RecordType.PERSON, SchemaExamples.read("examples/person/invalid-bad-date.json"));
        assertThat(violations).extracting(Violation::field).contains("/positions/0/from");
    }

    @Test
    void typeFieldMustMatchTheSchemaItIsCheckedAgainst() {
        String hazardClaimingToBeUnit = "{\"type\":\"unit\",\"name\":\"x\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\"}";
        assertThat(RecordSchemas.get().validate(RecordType.UNIT, hazardClaimingToBeUnit)).isEmpty();
        assertThat(RecordSchemas.get().validate(RecordType.HAZARD, hazardClaimingToBeUnit)).isNotEmpty();
    }
}

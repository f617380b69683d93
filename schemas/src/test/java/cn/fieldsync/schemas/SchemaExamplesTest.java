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

    /** The server validates the Gson tree it holds (no text written and parsed again): it must judge exactly as the text. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void aParsedDocumentIsJudgedExactlyAsItsText(String path) throws Exception {
        RecordType type = SchemaExamples.typeOf(path);
        String text = SchemaExamples.read(path);
        assertThat(RecordSchemas.get().validate(type, StrictJson.parse(text)))
                .as(path).isEqualTo(RecordSchemas.get().validate(type, text));
    }

    @Test
    void numbersInATreeKeepTheirExactValue() throws Exception {
        String hazard = SchemaExamples.read("examples/hazard/valid-general.json");
        for (String latitude : new String[] {"37.5", "37.30", "90.0000000000000001", "90.1", "1e1", "-91"}) {
            String text = hazard.replaceFirst("\"lat\"\\s*:\\s*[-0-9.eE]+", "\"lat\":" + latitude);
            assertThat(RecordSchemas.get().validate(RecordType.HAZARD, StrictJson.parse(text)))
                    .as(latitude).isEqualTo(RecordSchemas.get().validate(RecordType.HAZARD, text));
            if (latitude.startsWith("90.") || latitude.equals("-91")) {
                assertThat(RecordSchemas.get().validate(RecordType.HAZARD, StrictJson.parse(text))).as(latitude).isNotEmpty();
            }
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

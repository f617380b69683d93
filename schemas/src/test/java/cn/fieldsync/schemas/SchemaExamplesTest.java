package cn.fieldsync.schemas;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaExamplesTest {

    static List<String> examples() {
        return Examples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleIsJudgedAsItsNameSays(String path) {
        RecordType type = Examples.typeOf(path);
        List<Violation> violations = RecordSchemas.get().validate(type, Examples.read(path));
        if (Examples.isValid(path)) {
            assertThat(violations).as(path).isEmpty();
        } else {
            assertThat(violations).as(path).isNotEmpty();
            assertThat(violations).allSatisfy(v -> assertThat(v.message()).isNotBlank());
        }
    }

    @Test
    void everyTypeHasValidAndInvalidExamples() {
        for (RecordType type : RecordType.values()) {
            assertThat(Examples.all()).as(type.wireName())
                    .anyMatch(p -> Examples.typeOf(p) == type && Examples.isValid(p))
                    .anyMatch(p -> Examples.typeOf(p) == type && !Examples.isValid(p));
        }
    }

    @Test
    void indexListsExactlyTheExampleFiles() throws IOException {
        Path root = Path.of("src/main/resources/schemas");
        try (Stream<Path> files = Files.walk(root.resolve("examples"))) {
            List<String> onDisk = files.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
            assertThat(Examples.all()).containsExactlyElementsOf(onDisk);
        }
    }

    @Test
    void missingRequiredFieldIsNamedByPointer() {
        List<Violation> violations = RecordSchemas.get()
                .validate(RecordType.HAZARD, Examples.read("examples/hazard/invalid-missing-unitId.json"));
        assertThat(violations).extracting(Violation::field).containsExactly("/unitId");
        assertThat(violations).extracting(Violation::keyword).containsExactly("required");
    }

    @Test
    void unknownFieldIsRefusedAndNamed() {
        List<Violation> violations = RecordSchemas.get()
                .validate(RecordType.UNIT, Examples.read("examples/unit/invalid-unknown-field.json"));
        assertThat(violations).extracting(Violation::field).containsExactly("/nmae");
    }

    @Test
    void impossibleCalendarDateIsRefused() {
        List<Violation> violations = RecordSchemas.get()
                .validate(RecordType.PERSON, Examples.read("examples/person/invalid-bad-date.json"));
        assertThat(violations).extracting(Violation::field).contains("/positions/0/from");
    }

    @Test
    void typeFieldMustMatchTheSchemaItIsCheckedAgainst() {
        String hazardClaimingToBeUnit = "{\"type\":\"unit\",\"name\":\"x\",\"kind\":\"AGENCY\",\"jurisdictionCode\":\"370686\"}";
        assertThat(RecordSchemas.get().validate(RecordType.UNIT, hazardClaimingToBeUnit)).isEmpty();
        assertThat(RecordSchemas.get().validate(RecordType.HAZARD, hazardClaimingToBeUnit)).isNotEmpty();
    }

    /** Reads examples from the classpath, as the server's and the device's tests do. */
    static final class Examples {
        static List<String> all() {
            return read("examples/index.txt").lines().filter(l -> !l.isBlank()).toList();
        }

        static String read(String path) {
            try (InputStream in = Examples.class.getClassLoader().getResourceAsStream("schemas/" + path)) {
                if (in == null) {
                    throw new IllegalArgumentException("no example " + path);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static RecordType typeOf(String path) {
            return RecordType.fromWireName(path.split("/")[1]).orElseThrow();
        }

        static boolean isValid(String path) {
            return path.substring(path.lastIndexOf('/') + 1).startsWith("valid-");
        }
    }
}

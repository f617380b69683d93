package cn.fieldsync.client;

import com.google.gson.Gson;
import org.codehaus.mojo.animal_sniffer.SignatureChecker;
import org.codehaus.mojo.animal_sniffer.logging.Logger;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: what an Android app ships with the library — its own classes, the contract
 * (fieldsync-schemas) and Gson — calls nothing Android 8.0 (API 26) lacks. The build checks the
 * library's and the contract's classes as they are compiled (animal-sniffer); this checks the
 * jars as a dependency resolver hands them to an app, Gson's included, against the same
 * signature. The JSON Schema validator is checked too, to keep the reason for its seam true: it
 * does call Java 17 APIs, so {@link RecordValidator#jsonSchema()} stays JVM only.
 */
class AndroidApiOfTheLibraryTest {

    private static final Path SIGNATURE = Path.of(System.getProperty("fieldsync.android.signature", "missing"));

    @Test
    void theLibraryTheContractAndGsonCallOnlyWhatAndroid26Has() throws Exception {
        assertThat(SIGNATURE).as("the signature the build resolved for animal-sniffer").isRegularFile();
        Path library = Path.of(FieldStore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path contract = Path.of(cn.fieldsync.schemas.Sealing.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path gson = Path.of(Gson.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> shipped = List.of(library, contract, gson);

        for (Path jar : shipped) {
            // RecordSchemas, GsonNodes (its Gson-to-Jackson bridge), WireFormats and WirePatterns (its quick date formats
            // and patterns) wrap the JVM-only validator (the second test): an Android app never loads them
            assertThat(undefined(jar, shipped)).filteredOn(problem -> !problem.contains("cn/fieldsync/schemas/RecordSchemas")
                            && !problem.contains("cn/fieldsync/schemas/GsonNodes")
                            && !problem.contains("cn/fieldsync/schemas/WireFormats")
                            && !problem.contains("cn/fieldsync/schemas/WirePatterns"))
                    .as(jar.getFileName() + " against Android 26").isEmpty();
        }
    }

    @Test
    void theJsonSchemaValidatorNeedsMoreThanAndroid26SoItStaysBehindItsSeam() throws Exception {
        Path validator = Path.of(com.networknt.schema.SchemaRegistry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jackson = Path.of(tools.jackson.databind.ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> missing = undefined(jackson, List.of(jackson, validator));
        assertThat(missing).anySatisfy(m -> assertThat(m).contains("java.lang.reflect.RecordComponent"));
    }

    /** The references of a jar (or class directory) to the platform that the Android 26 signature lacks. */
    private static List<String> undefined(Path checked, List<Path> classpath) throws IOException {
        Set<String> provided = new HashSet<>();
        for (Path entry : classpath) {
            classNames(entry, provided);
        }
        List<String> problems = new ArrayList<>();
        Logger log = new Logger() {
            @Override public void info(String message) { }
            @Override public void info(String message, Throwable t) { }
            @Override public void debug(String message) { }
            @Override public void debug(String message, Throwable t) { }
            @Override public void warn(String message) { }
            @Override public void warn(String message, Throwable t) { }
            @Override public void error(String message) {
                problems.add(message);
            }
            @Override public void error(String message, Throwable t) {
                problems.add(message);
            }
        };
        try (InputStream signature = Files.newInputStream(SIGNATURE)) {
            // java.lang.Record: the Android build's D8 desugars records (as the build's check allows too)
            Set<String> ignored = new HashSet<>(provided);
            ignored.add("java.lang.Record");
            SignatureChecker checker = new SignatureChecker(signature, ignored, log);
            checker.setSourcePath(new ArrayList<>());
            checker.setAnnotationTypes(new ArrayList<>());
            checker.process(checked.toFile());
        }
        return problems;
    }

    private static void classNames(Path entry, Set<String> into) throws IOException {
        if (Files.isDirectory(entry)) {
            try (Stream<Path> files = Files.walk(entry)) {
                files.filter(f -> f.toString().endsWith(".class"))
                        .forEach(f -> into.add(className(entry.relativize(f).toString().replace(File.separatorChar, '/'))));
            }
            return;
        }
        try (ZipFile zip = new ZipFile(entry.toFile())) {
            zip.stream().filter(e -> e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/"))
                    .forEach(e -> into.add(className(e.getName())));
        }
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }
}

package cn.fieldsync.server.observe;

import cn.fieldsync.server.api.Answers;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers {@code openapi.yml} describes are the answers the server sends: for every route whose
 * resource method returns a response record (or a {@code Response} marked {@link Answers}), the
 * schema of its success answer ({@code 200} or {@code 201}, {@code application/json}) names exactly
 * the record's components, each of the same kind (string, number, boolean, array, object), down
 * through nested records, lists and maps. A record changed without its schema fails here.
 */
class OpenApiShapesTest {

    private static final Map<String, Object> DOCUMENT = load();

    @Test
    void everyAnswerRecordIsDescribedWithTheSameMembersInTheOpenApiDocument() throws Exception {
        Map<String, Class<?>> answered = answeredRoutes();
        assertThat(answered).as("routes answering with records").isNotEmpty();
        List<String> drift = new ArrayList<>();
        answered.forEach((route, record) -> {
            Map<String, Object> schema = successSchema(route);
            if (schema == null) {
                drift.add(route + ": no application/json schema for its 200/201 answer (" + record.getSimpleName() + ")");
            } else {
                compare(route, record, schema, drift, new TreeSet<>());
            }
        });
        assertThat(drift).as("openapi.yml against the response records").isEmpty();
    }

    @Test
    void theCaseRoutesAnswerWithRecords() throws Exception {
        assertThat(answeredRoutes().keySet().stream().filter(r -> r.contains("/api/cases")).count())
                .as("every /api/cases route answers with a record").isEqualTo(OpenApiRoutesTest.implemented().stream()
                        .filter(r -> r.contains("/api/cases")).count());
    }

    /** "POST /api/cases/{id}/close" → the record its method answers with. */
    private static Map<String, Class<?>> answeredRoutes() throws Exception {
        Map<String, Class<?>> routes = new TreeMap<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cn.fieldsync.server")) {
            Class<?> resource = type.reflect();
            if (!resource.isAnnotationPresent(Path.class)) {
                continue;
            }
            for (Method method : resource.getMethods()) {
                Class<?> record = method.isAnnotationPresent(Answers.class) ? method.getAnnotation(Answers.class).value()
                        : method.getReturnType().isRecord() ? method.getReturnType() : null;
                for (Annotation a : method.getAnnotations()) {
                    HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
                    if (verb != null && record != null) {
                        routes.put(verb.value() + " " + normalise(RouteTagger.template(resource, method)), record);
                    }
                }
            }
        }
        return routes;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> successSchema(String route) {
        String verb = route.substring(0, route.indexOf(' ')).toLowerCase(Locale.ROOT);
        String path = route.substring(route.indexOf(' ') + 1);
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) DOCUMENT.get("paths");
        for (Map.Entry<String, Map<String, Object>> entry : paths.entrySet()) {
            if (!normalise(entry.getKey()).equals(path) || !entry.getValue().containsKey(verb)) {
                continue;
            }
            Map<String, Object> responses = (Map<String, Object>) ((Map<String, Object>) entry.getValue().get(verb)).get("responses");
            for (String status : List.of("200", "201")) {
                Map<String, Object> answer = (Map<String, Object>) responses.get(status);
                if (answer != null && answer.get("content") instanceof Map<?, ?> content
                        && content.get("application/json") instanceof Map<?, ?> json && json.get("schema") instanceof Map<?, ?> schema) {
                    return resolve((Map<String, Object>) schema);
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolve(Map<String, Object> schema) {
        Object ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String name = ((String) ref).substring("#/components/schemas/".length());
        Map<String, Object> components = (Map<String, Object>) ((Map<String, Object>) DOCUMENT.get("components")).get("schemas");
        Map<String, Object> target = (Map<String, Object>) components.get(name);
        assertThat(target).as("schema " + ref).isNotNull();
        return resolve(target);
    }

    @SuppressWarnings("unchecked")
    private static void compare(String where, Class<?> record, Map<String, Object> schema, List<String> drift, Set<String> seen) {
        if (!seen.add(record.getName() + "@" + where)) {
            return;
        }
        Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
        Set<String> components = new TreeSet<>();
        for (RecordComponent c : record.getRecordComponents()) {
            components.add(c.getName());
        }
        if (!components.equals(new TreeSet<>(properties.keySet()))) {
            Set<String> missing = new TreeSet<>(components);
            missing.removeAll(properties.keySet());
            Set<String> extra = new TreeSet<>(properties.keySet());
            extra.removeAll(components);
            drift.add(where + " (" + record.getSimpleName() + "): not in openapi.yml " + missing + ", not in the record " + extra);
        }
        for (RecordComponent c : record.getRecordComponents()) {
            Object property = properties.get(c.getName());
            if (property instanceof Map<?, ?> p) {
                compareType(where + "." + c.getName(), c.getGenericType(), resolve((Map<String, Object>) p), drift, seen);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void compareType(String where, Type type, Map<String, Object> schema, List<String> drift, Set<String> seen) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        String expected = kind(raw);
        if (expected == null) {
            return; // stored JSON of any kind
        }
        String documented = schema.get("type") instanceof String s ? (s.equals("integer") ? "number" : s) : null;
        if (!expected.equals(documented)) {
            drift.add(where + ": " + raw.getSimpleName() + " is " + expected + ", openapi.yml says " + schema.get("type"));
            return;
        }
        if (raw.isRecord()) {
            compare(where, raw, schema, drift, seen);
        } else if (Collection.class.isAssignableFrom(raw) && type instanceof ParameterizedType p
                && schema.get("items") instanceof Map<?, ?> items) {
            compareType(where + "[]", p.getActualTypeArguments()[0], resolve((Map<String, Object>) items), drift, seen);
        } else if (Map.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
            if (schema.get("additionalProperties") instanceof Map<?, ?> values) {
                compareType(where + "{}", p.getActualTypeArguments()[1], resolve((Map<String, Object>) values), drift, seen);
            } else {
                drift.add(where + ": a map, so openapi.yml gives its values as additionalProperties");
            }
        }
    }

    /** The JSON kind a Java type is written as; null for stored JSON of any kind. */
    private static String kind(Class<?> type) {
        if (type == String.class) {
            return "string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type) || type == BigDecimal.class) {
            return "number";
        }
        if (Collection.class.isAssignableFrom(type) || type == JsonArray.class) {
            return "array";
        }
        if (type.isRecord() || Map.class.isAssignableFrom(type) || type == JsonObject.class) {
            return "object";
        }
        if (type == JsonElement.class) {
            return null;
        }
        throw new IllegalArgumentException("a response record carries " + type + ": give it a JSON kind here");
    }

    private static String normalise(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }

    private static Map<String, Object> load() {
        try (InputStream in = OpenApiShapesTest.class.getResourceAsStream("/META-INF/openapi.yml")) {
            return new Yaml().load(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

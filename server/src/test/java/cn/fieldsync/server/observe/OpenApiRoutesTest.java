package cn.fieldsync.server.observe;

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
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /openapi} (META-INF/openapi.yml) describes exactly the routes the application has: every
 * JAX-RS resource method found by reflection ({@code @Path} on the class and the method,
 * {@code @GET}, {@code @POST}, ...) is in the document with its method, and the document names no
 * route the application lacks. Path parameters are compared by position, not by name.
 */
class OpenApiRoutesTest {

    /** The server's root only redirects a browser to the console: not part of the API. */
    private static final Set<String> NOT_API = Set.of("GET /");

    @Test
    void theOpenApiDocumentListsEveryRouteAndNoOther() throws Exception {
        assertThat(documented()).containsExactlyInAnyOrderElementsOf(implemented());
    }

    static Set<String> implemented() {
        Set<String> routes = new TreeSet<>();
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cn.fieldsync.server")) {
            Class<?> resource = type.reflect();
            if (!resource.isAnnotationPresent(Path.class) || Modifier.isAbstract(resource.getModifiers())) {
                continue;
            }
            for (Method method : resource.getMethods()) {
                for (Annotation a : method.getAnnotations()) {
                    HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
                    if (verb != null) {
                        String route = verb.value() + " " + normalise(RouteTagger.template(resource, method));
                        if (!NOT_API.contains(route)) {
                            routes.add(route);
                        }
                    }
                }
            }
        }
        return routes;
    }

    @SuppressWarnings("unchecked")
    static Set<String> documented() throws Exception {
        Set<String> routes = new TreeSet<>();
        try (InputStream in = OpenApiRoutesTest.class.getResourceAsStream("/META-INF/openapi.yml")) {
            Map<String, Object> doc = new Yaml().load(in);
            Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
            paths.forEach((path, operations) -> operations.keySet().stream()
                    .filter(k -> Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(k))
                    .forEach(k -> routes.add(k.toUpperCase(Locale.ROOT) + " " + normalise(path))));
        }
        return routes;
    }

    /** {@code /api/cases/{id: [0-9a-f-]+}/reach/{code}} → {@code /api/cases/{}/reach/{}}. */
    private static String normalise(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }
}

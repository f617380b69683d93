package cn.fieldsync.server.observe;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import java.lang.reflect.Method;

/**
 * Tells {@link HttpObserver} which route template a request matched, so the request metrics are
 * labelled {@code /api/hazards/{id}} instead of one label per record id (bounded cardinality).
 * Runs before authentication: a refused request is counted under its route too.
 */
@Provider
@Priority(100)
public class RouteTagger implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        if (method != null) {
            RequestTrace.route(template(resource.getResourceClass(), method));
        }
    }

    /** The class's {@code @Path} joined with the method's, as a path starting with {@code /}. */
    public static String template(Class<?> type, Method method) {
        String base = type.isAnnotationPresent(Path.class) ? type.getAnnotation(Path.class).value() : "";
        String sub = method.isAnnotationPresent(Path.class) ? method.getAnnotation(Path.class).value() : "";
        String joined = ("/" + base + "/" + sub).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}

package cn.fieldsync.server.api;

import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses a query parameter the route does not read ({@code 400 invalid_parameter}, naming it and
 * the route's parameters), as {@link RequestShape} refuses a body's unknown member. JAX-RS ignores
 * a parameter no {@link QueryParam} names, so {@code GET /api/hazards/export?overdu=true} — one
 * letter short — exported the whole ledger as if it were the overdue ones, and a list looked
 * complete when it was not what was asked for.
 *
 * <p>The parameters a route reads are its resource method's {@code @QueryParam}s, read once per
 * method. Runs after authentication, so an unauthenticated request is still answered 401. Stateless
 * but for that cache; thread-safe.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.USER)
public class QueryParamsFilter implements ContainerRequestFilter {

    private final Map<Method, Set<String>> names = new ConcurrentHashMap<>();

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        if (method == null || !method.getDeclaringClass().getName().startsWith("cn.fieldsync.")) {
            return; // no resource matched (the 404/405 answer follows), or not one of ours
        }
        Set<String> given = request.getUriInfo().getQueryParameters().keySet();
        if (given.isEmpty()) {
            return;
        }
        Set<String> read = names.computeIfAbsent(method, QueryParamsFilter::queryParams);
        for (String name : given) {
            if (!read.contains(name)) {
                throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, name, "不认识的查询参数“" + name + "”"
                        + (read.isEmpty() ? "：此处不需要查询参数" : "（此处可用：" + String.join("、", read) + "）")
                        + "；未作任何查询或修改。请检查参数名的拼写");
            }
        }
    }

    private static Set<String> queryParams(Method method) {
        Set<String> out = new LinkedHashSet<>();
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            for (Annotation a : annotations) {
                if (a instanceof QueryParam q) {
                    out.add(q.value());
                }
            }
        }
        return out;
    }
}

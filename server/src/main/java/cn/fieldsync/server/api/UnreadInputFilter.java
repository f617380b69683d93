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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses what a request carries that its route would not read, as {@link RequestShape} refuses a
 * body's unknown member: a query parameter the route does not read ({@code 400 invalid_parameter},
 * naming it and the route's parameters), and a body sent to a route that reads none. JAX-RS ignores
 * a parameter no {@link QueryParam} names, so {@code GET /api/hazards/export?overdu=true} — one
 * letter short — exported the whole ledger as if it were the overdue ones, and a list looked
 * complete when it was not what was asked for.
 *
 * <p>The parameters a route reads are its resource method's {@code @QueryParam}s, read once per
 * method; one given twice is refused too unless the method takes a list (JAX-RS would use the
 * first and drop the rest). Only {@code /api/} routes: a console page or {@code /version} may be
 * reached by a link carrying anything. Runs after authentication, so an unauthenticated request is
 * still answered 401. A body sent to a route that reads none is refused as well (below). Stateless
 * but for that cache; thread-safe.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.USER)
public class UnreadInputFilter implements ContainerRequestFilter {

    /** A route's query parameters: each name, and whether it may be given more than once (a list). */
    private final Map<Method, Map<String, Boolean>> names = new ConcurrentHashMap<>();

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        String path = request.getUriInfo().getPath();
        if (method == null || !(path.startsWith("api/") || path.startsWith("/api/"))) {
            return; // no resource matched (the 404/405 answer follows), or a page, /version or /health: a link may carry anything
        }
        if (request.hasEntity() && !takesBody(method)) {
            refuseBody(request);
        }
        MultivaluedMap<String, String> given = request.getUriInfo().getQueryParameters();
        if (given.isEmpty()) {
            return;
        }
        Map<String, Boolean> read = names.computeIfAbsent(method, UnreadInputFilter::queryParams);
        for (Map.Entry<String, List<String>> e : given.entrySet()) {
            String name = e.getKey();
            Boolean many = read.get(name);
            if (many == null) {
                throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, name, "不认识的查询参数“" + RequestShape.shown(name) + "”"
                        + (read.isEmpty() ? "：此处不需要查询参数" : "（此处可用：" + String.join("、", read.keySet()) + "）")
                        + "；未作任何查询或修改。请检查参数名的拼写");
            }
            if (!many && e.getValue().size() > 1) {
                // JAX-RS takes the first: grade=MAJOR&grade=GENERAL listed the major dangers only, as if complete
                throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, name, "查询参数“" + name + "”只能给一次（收到 "
                        + e.getValue().size() + " 个值）；未作任何查询或修改");
            }
        }
    }

    /**
     * A route that reads no body (close a case, propose again, log out) answers one that says
     * something — {@code {"note":"结案说明"}} was dropped without a word — {@code 400 unknown_member};
     * an empty body or {@code {}} is nothing said.
     */
    private static void refuseBody(ContainerRequestContext request) {
        String body;
        try (InputStream in = request.getEntityStream()) {
            body = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return; // nothing readable: nothing was said
        }
        if (!body.isEmpty() && !body.replaceAll("\\s", "").equals("{}")) {
            throw new FieldsyncException(ErrorCode.UNKNOWN_MEMBER, null, "此操作不接受提交内容（收到的内容不会被保存）；未作任何修改。"
                    + "如需说明，请在相应的记录中填写");
        }
    }

    /** Whether the resource method has an entity parameter: one without a JAX-RS annotation. */
    private static boolean takesBody(Method method) {
        for (Annotation[] annotations : method.getParameterAnnotations()) {
            boolean bound = false;
            for (Annotation a : annotations) {
                bound |= a.annotationType().getPackageName().equals("jakarta.ws.rs")
                        || a.annotationType().getPackageName().equals("jakarta.ws.rs.core");
            }
            if (!bound) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Boolean> queryParams(Method method) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        Annotation[][] annotations = method.getParameterAnnotations();
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < annotations.length; i++) {
            for (Annotation a : annotations[i]) {
                if (a instanceof QueryParam q) {
                    out.put(q.value(), Collection.class.isAssignableFrom(types[i]) || types[i].isArray());
                }
            }
        }
        return out;
    }
}

package cn.fieldsync.server.observe;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The request id and the matched route of the request the current thread serves. Helidon 4 runs
 * each request on its own virtual thread, and Jersey runs the resource on that same thread, so a
 * thread-local is the request's scope here; {@link HttpObserver} sets it and clears it.
 */
public final class RequestTrace {

    /** A caller's own id is kept when it is short and plain: it goes into logs and headers. */
    private static final Pattern ACCEPTED_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final ThreadLocal<RequestTrace> CURRENT = new ThreadLocal<>();

    private final String id;
    private volatile String route;

    private RequestTrace(String id) {
        this.id = id;
    }

    /** The id of the request being served on this thread, if any (not on background threads). */
    public static Optional<String> currentId() {
        RequestTrace t = CURRENT.get();
        return t == null ? Optional.empty() : Optional.of(t.id);
    }

    /** Names the route template the JAX-RS resource matched, e.g. {@code /api/hazards/{id}}. */
    static void route(String template) {
        RequestTrace t = CURRENT.get();
        if (t != null) {
            t.route = template;
        }
    }

    static RequestTrace begin(String offeredId) {
        String id = offeredId != null && ACCEPTED_ID.matcher(offeredId).matches() ? offeredId : UUID.randomUUID().toString();
        RequestTrace t = new RequestTrace(id);
        CURRENT.set(t);
        return t;
    }

    static void end() {
        CURRENT.remove();
    }

    String id() {
        return id;
    }

    /** The matched template, or null when no JAX-RS resource served it (static pages, health, 404). */
    String route() {
        return route;
    }
}

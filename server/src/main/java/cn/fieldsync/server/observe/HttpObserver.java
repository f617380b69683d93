package cn.fieldsync.server.observe;

import cn.fieldsync.server.api.Problems;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.RetryLaterException;
import cn.fieldsync.server.error.FieldsyncException;
import io.helidon.common.Weighted;
import io.helidon.http.HeaderNames;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.spi.HelidonShutdownHandler;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.interceptor.Interceptor;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sees every HTTP request before any route does (the API, the console's static pages, health,
 * metrics): gives it a request id (the caller's {@code X-Request-Id} when it is plain, else a new
 * UUID) returned in {@code X-Request-Id} and in every problem document, writes one access-log line
 * (logger {@code fieldsync.access}), counts it in {@code http.server.requests}, and puts the
 * browser security headers on the console; {@link GracefulShutdown} learns what is in progress.
 *
 * <p>Access-log line: {@code <request id> <peer address> <method> <path> <status> <milliseconds>ms}.
 * The path without its query: filters name people and places, and logs are kept longer than need.
 */
@ApplicationScoped
public class HttpObserver {

    static final String REQUEST_ID = "X-Request-Id";
    private static final Logger ACCESS = Logger.getLogger("fieldsync.access");

    /**
     * The console loads only its own files; a style attribute is allowed (one of its templates
     * hides a form that way), a script or style element from anywhere else is not; no framing.
     */
    static final String CONSOLE_CSP = "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; "
            + "style-src-attr 'unsafe-inline'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /** Registered before the web server starts (Helidon starts it after the application's initialisation observers). */
    void register(@Observes @Priority(Interceptor.Priority.APPLICATION) @Initialized(ApplicationScoped.class) Object event,
                  BeanManager beans, FieldsyncMetrics metrics, GracefulShutdown shutdown) {
        beans.getExtension(ServerCdiExtension.class).serverRoutingBuilder().addFilter(new Observer(metrics, shutdown));
        io.helidon.Main.addShutdownHandler(new Draining(shutdown));
    }

    /**
     * Helidon's shutdown handler for {@link GracefulShutdown}, which is a CDI client proxy: when
     * the start itself failed (the port in use), the container is gone before Helidon runs its
     * handlers and the proxy refuses every call; nothing can be in progress then, so there is
     * nothing to wait for.
     */
    private record Draining(GracefulShutdown graceful) implements HelidonShutdownHandler, Weighted {

        @Override
        public void shutdown() {
            try {
                graceful.shutdown();
            } catch (IllegalStateException containerGone) {
                Logger.getLogger(HttpObserver.class.getName())
                        .log(Level.FINE, "the container stopped before the server; no request to wait for", containerGone);
            }
        }

        @Override
        public double weight() {
            return GracefulShutdown.WEIGHT;
        }
    }

    private record Observer(FieldsyncMetrics metrics, GracefulShutdown shutdown) implements Filter {

        @Override
        public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
            long start = System.nanoTime();
            // past the grace period nothing new is let in: it would keep the stop waiting for it
            boolean admitted = !shutdown.refusing();
            if (admitted) {
                shutdown.started();
            }
            RequestTrace trace = RequestTrace.begin(req.headers().first(HeaderNames.create(REQUEST_ID)).orElse(null));
            String path = req.path().rawPath();
            res.header(REQUEST_ID, trace.id());
            res.header("X-Content-Type-Options", "nosniff");
            res.header("Referrer-Policy", "no-referrer");
            if (path.equals("/console") || path.startsWith("/console/") || path.equals("/")) {
                res.header("Content-Security-Policy", CONSOLE_CSP);
                res.header("X-Frame-Options", "DENY");
            }
            try {
                String query = req.prologue().query().rawValue();
                if (path.startsWith("/api/") && (query != null && !wellEscaped(query) || !wellEscaped(path))) {
                    // the web server would fail on it while making the request's URI, and answer 500 in English
                    res.status(400).header(HeaderNames.CONTENT_TYPE, Problems.MEDIA_TYPE).send(Problems.json(new FieldsyncException(
                            ErrorCode.INVALID_PARAMETER, null, "地址或查询参数中有无法解读的百分号编码（% 后须是两位十六进制数字，如 %20）；未作任何查询或修改")));
                    return;
                }
                if (!admitted) {
                    int retryAfter = cn.fieldsync.server.persistence.Database.STOPPING_RETRY_AFTER_SECONDS;
                    res.status(503).header("Retry-After", String.valueOf(retryAfter)).header(HeaderNames.CONTENT_TYPE, Problems.MEDIA_TYPE)
                            .send(Problems.json(new RetryLaterException(ErrorCode.SERVER_STOPPING,
                                    cn.fieldsync.schemas.Labels.name("errors", "server_stopping"), retryAfter)));
                    return;
                }
                chain.proceed();
            } finally {
                long nanos = System.nanoTime() - start;
                int status = res.status().code();
                String method = req.prologue().method().text();
                try {
                    metrics.request(method, route(trace, path), status, nanos);
                } catch (RuntimeException e) {
                    ACCESS.log(Level.WARNING, "metrics failed", e);
                }
                // a request cut by the stop has no answer: its log line says so, not the 200 its response was made with
                String shown = !res.isSent() && shutdown.draining() ? "cut" : String.valueOf(status);
                ACCESS.info(() -> trace.id() + " " + req.remotePeer().host() + " " + method + " " + path + " " + shown + " "
                        + nanos / 1_000_000 + "ms");
                RequestTrace.end();
                if (admitted) {
                    shutdown.finished();
                }
            }
        }

        /** Every "%" in a raw path or query starts an escape of two hex digits (RFC 3986 §2.1). */
        static boolean wellEscaped(String raw) {
            for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0 || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    return false;
                }
            }
            return true;
        }

        /** The JAX-RS template when a resource matched; else a fixed name, never the raw path (unbounded labels). */
        private static String route(RequestTrace trace, String path) {
            if (trace.route() != null) {
                return trace.route();
            }
            if (path.startsWith("/console")) {
                return "/console/*";
            }
            if (path.startsWith("/health")) {
                return "/health/*";
            }
            return path.equals("/openapi") || path.equals("/") ? path : "unmatched";
        }
    }
}

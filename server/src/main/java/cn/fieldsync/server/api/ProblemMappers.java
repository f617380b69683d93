package cn.fieldsync.server.api;

import cn.fieldsync.schemas.PlainWords;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.observe.RequestTrace;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every failure leaves the server as a problem document with a catalogued code. */
public final class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

    private ProblemMappers() {
    }

    @Provider
    public static class Refusals implements ExceptionMapper<FieldsyncException> {
        @Override
        public Response toResponse(FieldsyncException e) {
            return Problems.of(e);
        }
    }

    /** What JAX-RS itself refuses: unknown paths, wrong methods, wrong content types. */
    @Provider
    public static class Routing implements ExceptionMapper<WebApplicationException> {

        @Context
        UriInfo uri;

        @Override
        public Response toResponse(WebApplicationException e) {
            if (e instanceof NotFoundException && !uri.getPath().startsWith("api")) {
                // An empty 404 lets Helidon go on to its own routes (/health, /openapi, static pages).
                return Response.status(404).build();
            }
            ErrorCode code = switch (e) {
                case NotFoundException ignored -> ErrorCode.NOT_FOUND;
                case NotAllowedException ignored -> ErrorCode.METHOD_NOT_ALLOWED;
                case NotSupportedException ignored -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
                case NotAcceptableException ignored -> ErrorCode.NOT_ACCEPTABLE;
                default -> null;
            };
            if (code != null) {
                return Problems.of(code, null);
            }
            int status = e.getResponse().getStatus();
            if (status == 413) {
                return Problems.of(ErrorCode.PAYLOAD_TOO_LARGE, null);
            }
            if (status >= 500) {
                LOG.log(Level.SEVERE, "request " + RequestTrace.currentId().orElse("-") + " failed", e);
                return Problems.of(ErrorCode.INTERNAL_ERROR, null);
            }
            // the web server's own words are English ("HTTP 400 Bad Request"): the code's Chinese name instead
            return Problems.of(ErrorCode.INVALID_PARAMETER, PlainWords.hasChinese(e.getMessage()) ? e.getMessage() : null);
        }
    }

    /**
     * A bug or an outage: logged with its cause, answered without internals. A database that went
     * away for a moment (restarting, failing over, out of connections) is answered 503 with
     * Retry-After: the transaction was rolled back, so the client retries the same request.
     */
    @Provider
    public static class Failures implements ExceptionMapper<Exception> {
        static final int RETRY_AFTER_SECONDS = 2;

        @Override
        public Response toResponse(Exception e) {
            if (transientDatabaseFailure(e)) {
                LOG.log(Level.WARNING, "database unavailable; request " + RequestTrace.currentId().orElse("-") + " answered 503", e);
                return Response.fromResponse(Problems.of(ErrorCode.DATABASE_UNAVAILABLE, null))
                        .header("Retry-After", RETRY_AFTER_SECONDS).build();
            }
            LOG.log(Level.SEVERE, "request " + RequestTrace.currentId().orElse("-") + " failed", e);
            return Problems.of(ErrorCode.INTERNAL_ERROR, null);
        }

        /**
         * SQLSTATE class 08 (connection exception), 57P01–57P03 (the server shutting down or
         * starting), 40001/40P01 (serialization failure, deadlock: the transaction may simply be
         * run again), or the driver's own transient/recoverable kinds (the pool timing out).
         */
        static boolean transientDatabaseFailure(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                    return true;
                }
                if (t instanceof SQLException sql && sql.getSQLState() != null) {
                    String state = sql.getSQLState();
                    if (state.startsWith("08") || state.startsWith("57P") || state.equals("40001") || state.equals("40P01")) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}

package cn.fieldsync.server.api;

import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
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
                return Problems.of(code, code.title());
            }
            int status = e.getResponse().getStatus();
            if (status == 413) {
                return Problems.of(ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.PAYLOAD_TOO_LARGE.title());
            }
            if (status >= 500) {
                LOG.log(Level.SEVERE, "request failed", e);
                return Problems.of(ErrorCode.INTERNAL_ERROR, ErrorCode.INTERNAL_ERROR.title());
            }
            return Problems.of(ErrorCode.INVALID_PARAMETER, e.getMessage());
        }
    }

    /** A bug or an outage: logged with its cause, answered without internals. */
    @Provider
    public static class Failures implements ExceptionMapper<Exception> {
        @Override
        public Response toResponse(Exception e) {
            LOG.log(Level.SEVERE, "request failed", e);
            return Problems.of(ErrorCode.INTERNAL_ERROR, ErrorCode.INTERNAL_ERROR.title());
        }
    }
}

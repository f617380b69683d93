package cn.fieldsync.server.api;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.error.RetryLaterException;
import cn.fieldsync.server.observe.RequestTrace;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jakarta.ws.rs.core.Response;

/**
 * Problem documents in the spirit of RFC 9457: {@code type}, {@code title}, {@code status}, and
 * the stable {@code code}, a {@code message} for people, the offending {@code field}, and the
 * {@code requestId} of the request (also in the {@code X-Request-Id} header and the access log). The
 * {@code title} is the code's Chinese name from {@link Labels} (section {@code errors}).
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    public static Response of(FieldsyncException e) {
        JsonObject problem = body(e.code(), e.getMessage(), e.field());
        if (!e.errors().isEmpty()) {
            JsonArray errors = new JsonArray();
            e.errors().forEach(err -> {
                JsonObject item = new JsonObject();
                item.addProperty("field", err.field());
                item.addProperty("message", err.message());
                errors.add(item);
            });
            problem.add("errors", errors);
        }
        Response.ResponseBuilder response = Response.status(e.code().status()).type(MEDIA_TYPE).entity(problem.toString());
        if (e instanceof RetryLaterException later) {
            response.header("Retry-After", later.retryAfterSeconds());
        }
        return response.build();
    }

    /** The problem document of a refusal as JSON text, for an answer written outside JAX-RS. */
    public static String json(FieldsyncException e) {
        return body(e.code(), e.getMessage(), e.field()).toString();
    }

    /** @param message the words for people; null or blank for the code's Chinese name from {@link Labels} */
    public static Response of(ErrorCode code, String message) {
        return Response.status(code.status()).type(MEDIA_TYPE).entity(body(code, message, null).toString()).build();
    }

    private static JsonObject body(ErrorCode code, String message, String field) {
        JsonObject problem = new JsonObject();
        problem.addProperty("type", "https://fieldsync.cn/problems/" + code.code());
        // the title is the code's Chinese name from the one label catalogue; the message keeps the details
        problem.addProperty("title", Labels.name("errors", code.code()));
        problem.addProperty("status", code.status());
        problem.addProperty("code", code.code());
        // a refusal without words of its own says the code's Chinese name, never the English title
        problem.addProperty("message", message == null || message.isBlank() ? Labels.name("errors", code.code()) : message);
        if (field != null) {
            problem.addProperty("field", field);
        }
        // the id the access log has too: a user who quotes it lets an operator find the request
        RequestTrace.currentId().ifPresent(id -> problem.addProperty("requestId", id));
        return problem;
    }
}

package cn.fieldsync.server.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The response record a resource method sends when it returns a {@code Response} (to set a status
 * or a header, e.g. {@code 201 Created} with its {@code Location}) rather than the record itself.
 * Read by OpenApiShapesTest, which checks the answer's schema in {@code openapi.yml} against it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Answers {

    /** The record sent as the entity. */
    Class<? extends Record> value();
}

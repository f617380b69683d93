package cn.fieldsync.server.api;

import cn.fieldsync.server.identity.Role;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles that may call a resource method (or every method of a class). A method without
 * it, on a class without it, is refused to everyone: forgetting the annotation fails closed.
 * An empty list marks the few public endpoints (login, refresh).
 */
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Allowed {
    Role[] value();

    /**
     * Whether a revoked device may still call it: only the push, whose operations then go to
     * quarantine instead of being stranded on the device.
     */
    boolean revokedDevice() default false;

    /**
     * The key of the sentence in the label catalogue's {@code problems} section that tells a
     * caller of another role why not (e.g. only inspectors enrol devices); empty for the
     * general "your role may not" sentence.
     */
    String refusal() default "";
}

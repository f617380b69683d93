package cn.fieldsync.server.api;

import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.identity.IdentityService;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Authenticates every API request by its bearer token and checks the caller's role against the
 * method's {@link Allowed}. Scope (which records) is checked by the services, which know the
 * records. A revoked device may do one thing only: hand its pending operations to quarantine.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION)
public class AccessFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Inject
    IdentityService identity;

    @Inject
    CallerContext callerContext;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return; // no resource matched: the 404/405 answer follows
        }
        Allowed allowed = method.isAnnotationPresent(Allowed.class) ? method.getAnnotation(Allowed.class)
                : resource.getResourceClass().getAnnotation(Allowed.class);
        if (allowed != null && allowed.value().length == 0) {
            return; // public
        }
        Caller caller = identity.authenticate(bearer(request.getHeaderString("Authorization")));
        callerContext.set(caller);
        if (caller.deviceRevoked() && (allowed == null || !allowed.revokedDevice())) {
            throw new FieldsyncException(ErrorCode.DEVICE_REVOKED, null, cn.fieldsync.schemas.Labels.say("deviceRevoked"));
        }
        if (allowed == null || Arrays.stream(allowed.value()).noneMatch(caller::is)) {
            // in Chinese, from the one label catalogue: an inspector's app shows it as it comes
            throw new FieldsyncException(ErrorCode.FORBIDDEN, null, allowed != null && !allowed.refusal().isEmpty()
                    ? cn.fieldsync.schemas.Labels.say(allowed.refusal())
                    // no method or path in it: people read it, the access log keeps the request
                    : cn.fieldsync.schemas.Labels.say("forbidden", cn.fieldsync.schemas.Labels.name("roles", caller.role().name())));
        }
    }

    private static String bearer(String header) {
        if (header == null) {
            return null;
        }
        return header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
    }
}

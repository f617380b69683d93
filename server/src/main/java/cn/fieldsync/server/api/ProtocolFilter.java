package cn.fieldsync.server.api;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.error.ErrorCode;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.Config;

/**
 * The sync protocol's version on every request and answer (docs/protocol.md; in the spirit of
 * ODK's {@code X-OpenRosa-Version}). A device sends {@code Fieldsync-Protocol: N}; the server
 * answers its own version in the same header on every response. A device older than
 * {@code fieldsync.protocol.min-version} (default 1) is refused before anything is read or
 * applied: {@code 426 protocol_unsupported}, so it keeps its outbox and syncs after its update.
 *
 * <p>A request without the header is a browser, a script or a device from before the header: on
 * the sync endpoints ({@code /api/sync/...}) it counts as version 1, the protocol as it was then;
 * elsewhere it is not checked (the console and curl send none).
 */
@Provider
@PreMatching
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION - 100)
public class ProtocolFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** The header, as the device library's {@code SyncProtocol.HEADER}. */
    public static final String HEADER = "Fieldsync-Protocol";
    /** The version this server speaks. */
    public static final int VERSION = 1;

    @Inject
    Config config;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HEADER);
        int version;
        if (header == null) {
            if (!request.getUriInfo().getPath().startsWith("api/sync/") && !request.getUriInfo().getPath().startsWith("/api/sync/")) {
                return;
            }
            version = 1;
        } else {
            try {
                version = Integer.parseInt(header.trim());
            } catch (NumberFormatException e) {
                version = 0; // not a version this server knows: as old as can be
            }
        }
        int minimum = config.getOptionalValue("fieldsync.protocol.min-version", Integer.class).orElse(1);
        if (version < minimum) {
            request.abortWith(Problems.of(ErrorCode.PROTOCOL_UNSUPPORTED, Labels.say("protocolTooOld", version, minimum)));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(HEADER, Integer.toString(VERSION));
    }
}

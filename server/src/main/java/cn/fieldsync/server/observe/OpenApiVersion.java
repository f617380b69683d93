package cn.fieldsync.server.observe;

import cn.fieldsync.schemas.BuildInfo;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Writes the build's version into {@code /openapi}'s {@code info.version} ({@code mp.openapi.filter}),
 * so the static {@code META-INF/openapi.yml} does not keep a copy of it that goes stale.
 */
public class OpenApiVersion implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getInfo() != null) {
            openAPI.getInfo().setVersion(BuildInfo.current().version());
        }
    }
}

package cn.fieldsync.server.observe;

import cn.fieldsync.server.api.Allowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/**
 * {@code GET /metrics}: the Prometheus text format (0.0.4) of {@link FieldsyncMetrics}. Open like
 * {@code /health} so that Prometheus scrapes each node directly; the numbers are totals (no record,
 * no user, no county), and a reverse proxy facing the internet keeps the path to itself (README,
 * "TLS and a reverse proxy").
 */
@Path("/metrics")
@RequestScoped
public class MetricsResource {

    @Inject
    FieldsyncMetrics metrics;

    @GET
    @Allowed({})
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String scrape() {
        return metrics.scrape();
    }
}

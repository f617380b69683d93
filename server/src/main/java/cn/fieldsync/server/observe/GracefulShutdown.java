package cn.fieldsync.server.observe;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Lets the requests in progress finish when the server is asked to stop (SIGTERM, Ctrl-C): Helidon
 * closes every connection at once when it stops (its own grace period only waits for threads
 * after that), which cut uploads in the middle. {@link #shutdown()} runs first among Helidon's
 * shutdown handlers (registered by {@link HttpObserver}, weight {@link #WEIGHT}): it turns
 * readiness DOWN (a load balancer stops sending new requests), then waits until
 * no request is in progress, at most {@code fieldsync.shutdown.grace-period} (ISO-8601, default
 * {@code PT30S}); the writing transactions still queued then are answered {@code 503 server_stopping}
 * (nothing of them applied), so is every request arriving from then on (at once, without being
 * let in: devices that keep sending would otherwise keep the count above zero), and the requests
 * let in before get up to {@link #EXTRA_SECONDS} s more to say so; then Helidon stops the web server and the database
 * closes.
 * Thread-safe: {@link HttpObserver} counts requests from any thread.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class.getName());

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;
    private volatile boolean refusing;

    @Inject
    @ConfigProperty(name = "fieldsync.shutdown.grace-period", defaultValue = "PT30S")
    String gracePeriod;

    @Inject
    jakarta.inject.Provider<cn.fieldsync.server.app.ServerResources> resources;

    void started() {
        inFlight.incrementAndGet();
    }

    void finished() {
        synchronized (inFlight) {
            inFlight.decrementAndGet();
            inFlight.notifyAll();
        }
    }

    /**
     * After the grace period: how long the requests let in may still take to answer (a queued write refused
     * answers in milliseconds; an upload still streaming is cut after it). A tester measured 8 s for a 1 s
     * grace with 5 here.
     */
    static final int EXTRA_SECONDS = 2;

    /** The shutdown handler's weight: before Helidon's own handlers (weight 100 by default), which stop the server. */
    static final double WEIGHT = 1000;

    /** Turns readiness DOWN and waits, up to the grace period, until no request is in progress. */
    public void shutdown() {
        draining = true;
        Duration grace = Duration.parse(gracePeriod);
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (inFlight) {
            int waiting = inFlight.get();
            if (waiting > 0) {
                LOG.info(() -> "fieldsync: stopping; waiting up to " + grace.toSeconds() + " s for " + waiting + " request(s) in progress");
            }
            try {
                while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                    inFlight.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (inFlight.get() > 0) {
                // the requests still queued for the writer are answered 503 server_stopping (nothing applied,
                // the device sends them again) rather than run while the web server stops under them
                refusing = true;
                resources.get().database().refuseQueuedWork();
                LOG.info(() -> "fieldsync: grace period over; queued writes and new requests are answered 503 server_stopping");
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXTRA_SECONDS);
                try {
                    while (inFlight.get() > 0 && System.nanoTime() < end) {
                        inFlight.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (inFlight.get() > 0) {
                LOG.warning(() -> "fieldsync: grace period over; " + inFlight.get() + " request(s) still in progress are cut");
            }
        }
    }

    /**
     * True once the grace period is over: a request arriving now is answered {@code 503
     * server_stopping} with {@code Retry-After} without being let in (see {@link HttpObserver}).
     */
    boolean refusing() {
        return refusing;
    }

    /** True from the moment the server is asked to stop. */
    boolean draining() {
        return draining;
    }

    /** Readiness: DOWN from the moment the server is stopping, so a load balancer sends no new request. */
    @Readiness
    @ApplicationScoped
    public static class Accepting implements HealthCheck {

        @Inject
        GracefulShutdown shutdown;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("accepting").status(!shutdown.draining()).build();
        }
    }
}

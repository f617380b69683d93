package cn.fieldsync.server.app;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.Extension;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens the database and builds the services on it ({@link ServerResources#open}) on a thread of
 * its own while CDI is still discovering and validating beans, so that the two overlap (issue 17,
 * start-up under 3 s). On this 2-core machine the opening (SQLite's native library, EclipseLink's
 * metadata, Flyway's check, the audit anchor: about 0.7 s) ran on the main thread after Weld's
 * 1.5 s of deployment; Weld's own work is mostly on that one thread, so the second core was idle.
 *
 * <p>A CDI portable extension (registered in {@code META-INF/services}): it starts at
 * {@link BeforeBeanDiscovery}, the first container event, with the configuration
 * {@link ConfigProvider#getConfig()} gives then, which is the one CDI injects later. Tests that
 * start the server in-process ({@code @HelidonTest}) go through it as the packaged server does.
 *
 * <p>{@link #take} hands the result to the one {@link ServerResources}; whatever failed while
 * opening (a database that cannot be reached, a schema newer than this release) is thrown there, as
 * if the opening had run on the main thread, so a start fails the same way. If the settings that
 * {@code take} is given differ from the ones the opening read (no path in the product does this),
 * the early result is closed and the database opened again with the given ones. If the container
 * stops before anything took the result, it is closed at {@link BeforeShutdown}.
 *
 * <p>Threading: {@code begin} and {@code end} run on the container's thread; {@code take} on
 * whichever thread creates {@link ServerResources} (once per container).
 */
public class EarlyOpening implements Extension {

    private static final Logger LOG = Logger.getLogger(EarlyOpening.class.getName());

    private CompletableFuture<ServerResources.Parts> opening;
    private Map<String, String> openedWith;
    private boolean taken;

    void begin(@Observes BeforeBeanDiscovery event) {
        start(ConfigProvider.getConfig());
    }

    /** Starts opening with {@code config} on a new thread. */
    synchronized void start(Config config) {
        openedWith = fieldsyncSettings(config);
        opening = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                opening.complete(ServerResources.open(config));
            } catch (Throwable e) {
                opening.completeExceptionally(e);
            }
        }, "fieldsync-opening");
        // a start that fails elsewhere must not be kept alive by this thread
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The opened database and services for {@code config}: waits for the early opening when it ran
     * with the same {@code fieldsync.*} settings, else opens here. Throws what the opening threw.
     */
    synchronized ServerResources.Parts take(Config config) {
        if (opening == null || taken) {
            return ServerResources.open(config);
        }
        taken = true;
        ServerResources.Parts parts = await(opening);
        if (fieldsyncSettings(config).equals(openedWith)) {
            return parts;
        }
        LOG.warning("fieldsync: the settings changed while the server started; the database is opened again with the new ones");
        parts.close();
        return ServerResources.open(config);
    }

    synchronized void end(@Observes BeforeShutdown event) {
        if (opening != null && !taken) {
            taken = true;
            try {
                await(opening).close();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.FINE, "the early opening had failed; nothing to close", e);
            }
        }
    }

    private static ServerResources.Parts await(CompletableFuture<ServerResources.Parts> opening) {
        try {
            return opening.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the database was being opened", e);
        } catch (ExecutionException | CompletionException e) {
            // the opening's own exception, as if it had been thrown on this thread
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Every {@code fieldsync.*} setting and its value: all that {@link ServerResources#open} reads. */
    private static Map<String, String> fieldsyncSettings(Config config) {
        Map<String, String> settings = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("fieldsync.")) {
                config.getOptionalValue(name, String.class).ifPresent(value -> settings.put(name, value));
            }
        }
        return settings;
    }
}

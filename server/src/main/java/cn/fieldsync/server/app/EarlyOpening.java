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
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens the database and builds the services on it ({@link ServerResources#open}) on a thread of
 * its own while Helidon and Weld are still booting, so that the two overlap (issue 17, start-up
 * under 3 s). On a 2-core machine the opening (SQLite's native library, EclipseLink's metadata,
 * Flyway's reading, the audit anchor: about 0.7 s) ran on the main thread after Weld's 1.5 s of
 * deployment; Weld's own work is mostly on that one thread, so the second core was idle.
 *
 * <p>{@link ServerMain} begins the opening as the process starts ({@link #beginBeforeCdi}); this
 * CDI portable extension (registered in {@code META-INF/services}) adopts it at
 * {@link BeforeBeanDiscovery}, the container's first event, or begins one there with the
 * configuration {@link ConfigProvider#getConfig()} gives, the one CDI injects later (a server started
 * in-process by the tests).
 *
 * <p><b>Nothing is written before the container asks for the database.</b> The opening reads
 * (pool, Flyway's reading, EclipseLink's metadata) and then waits, before its first write (a new
 * SQLite file, a migration, the attachment directories, the audit key and checkpoints), until
 * {@link #take} is called — which is when the start opened the database before this class existed.
 * A start that CDI refuses first (a malformed setting) therefore leaves the database as it was; in
 * a rolling upgrade with a bad setting, the new nodes do not migrate the shared database. If the
 * container stops without asking, the waiting opening is abandoned and what it opened closed.
 *
 * <p>{@link #take} hands the result to the one {@link ServerResources}. What failed while opening (a
 * database that cannot be reached, a schema newer than this release) is logged once and thrown
 * there, and again to every later caller (a bean whose creation failed is created again at its next
 * use), as if the opening had run on the caller's thread. If the settings {@code take} is given
 * differ from the ones the opening read (no path in the product does this), the early opening is
 * abandoned before it writes and the database opened with the given ones.
 *
 * <p>Threading: {@code begin} and {@code end} run on the container's thread; {@code take} on
 * whichever thread creates {@link ServerResources}.
 */
public class EarlyOpening implements Extension {

    private static final Logger LOG = Logger.getLogger(EarlyOpening.class.getName());

    /** An opening begun by {@link ServerMain} before CDI, for the first container to adopt. */
    private static final AtomicReference<Opening> BEFORE_CDI = new AtomicReference<>();

    private Opening opening;
    private boolean taken;
    private Throwable failure;

    /**
     * An opening under way: its result to come, the settings it read, and the gate it waits at
     * before its first write (completed true to go on, false to abandon).
     */
    private record Opening(CompletableFuture<ServerResources.Parts> result, Map<String, String> settings,
                           CompletableFuture<Boolean> mayWrite) {
    }

    /**
     * Begins the opening as the process starts, before CDI does ({@link ServerMain}), with the
     * configuration {@link ConfigProvider#getConfig()} gives: the packaged server gains the time
     * the JVM spends on Helidon's and Weld's first steps. The first container adopts it.
     */
    static void beginBeforeCdi() {
        BEFORE_CDI.set(launch(ConfigProvider.getConfig()));
    }

    void begin(@Observes BeforeBeanDiscovery event) {
        Opening early = BEFORE_CDI.getAndSet(null);
        start(early != null ? early : launch(ConfigProvider.getConfig()));
    }

    /** Begins an opening with {@code config} for this container (package-private for the tests). */
    void start(Config config) {
        start(launch(config));
    }

    private synchronized void start(Opening opening) {
        this.opening = opening;
        this.taken = false;
        this.failure = null;
    }

    /** Opens with {@code config} on a new thread, waiting before its first write until allowed. */
    private static Opening launch(Config config) {
        CompletableFuture<ServerResources.Parts> result = new CompletableFuture<>();
        CompletableFuture<Boolean> mayWrite = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(ServerResources.open(config, () -> awaitPermission(mayWrite)));
            } catch (Throwable e) {
                result.completeExceptionally(e);
                return;
            }
            // then, with nobody waiting for it, what the first push would otherwise pay for
            ServerResources.warmUp();
        }, "fieldsync-opening");
        // a start that fails elsewhere must not be kept alive by this thread
        thread.setDaemon(true);
        thread.start();
        return new Opening(result, fieldsyncSettings(config), mayWrite);
    }

    private static void awaitPermission(CompletableFuture<Boolean> mayWrite) {
        if (!Boolean.TRUE.equals(await(mayWrite))) {
            throw new IllegalStateException("the server stopped before it asked for its database; nothing was written");
        }
    }

    /**
     * The opened database and services for {@code config}: lets the early opening write and waits
     * for it when it read the same {@code fieldsync.*} settings, else opens here. Throws what the
     * opening threw, every time it is asked.
     */
    synchronized ServerResources.Parts take(Config config) {
        if (failure != null) {
            throw rethrown(failure);
        }
        if (opening == null || taken) {
            return ServerResources.open(config);
        }
        taken = true;
        if (!fieldsyncSettings(config).equals(opening.settings())) {
            LOG.warning("fieldsync: the settings changed while the server started; the database is opened with the new ones");
            abandon(opening);
            return ServerResources.open(config);
        }
        opening.mayWrite().complete(true);
        try {
            return await(opening.result());
        } catch (RuntimeException | Error e) {
            // the caller may be one that keeps it to itself (a health check being registered)
            LOG.log(Level.SEVERE, "fieldsync: the database could not be opened", e);
            failure = e;
            throw e;
        }
    }

    synchronized void end(@Observes BeforeShutdown event) {
        if (opening != null && !taken) {
            taken = true;
            abandon(opening);
        }
    }

    /** Tells a waiting opening not to write, and closes what it opened. */
    private static void abandon(Opening opening) {
        opening.mayWrite().complete(false);
        try {
            await(opening.result()).close();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.FINE, "the early opening had failed or was abandoned; nothing to close", e);
        }
    }

    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        return (RuntimeException) failure;
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
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

package cn.fieldsync.server.app;

import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The server's {@code java.util.logging} manager (system property {@code java.util.logging.manager},
 * set by {@code ServerMain} before anything logs). The JDK's own manager closes every handler from
 * a shutdown hook of its own ({@code LogManager$Cleaner}), and the JVM runs that hook at the same
 * time as Helidon's, which stops the server: whenever the JDK's came first, every line the server
 * wrote while stopping was dropped — that it waits for requests in progress, which it had to cut,
 * the access lines of its last requests. This manager lets that hook flush the handlers instead of
 * closing them, so the log keeps what the server says until the JVM exits; every other
 * {@link #reset()} (a configuration read) behaves as the JDK's.
 *
 * <p>Nothing is lost by leaving the handlers open: the console handlers flush each record
 * (Helidon's {@code HelidonConsoleHandler} and the JDK's {@code ConsoleHandler}), and this flushes
 * them once more.
 */
public final class ServerLogManager extends LogManager {

    /** The class of the JDK's shutdown hook that resets the log manager (a nested class of {@link LogManager}). */
    static final String JDK_SHUTDOWN_HOOK = LogManager.class.getName() + "$Cleaner";

    @Override
    public void reset() {
        if (Thread.currentThread().getClass().getName().equals(JDK_SHUTDOWN_HOOK)) {
            for (Handler handler : Logger.getLogger("").getHandlers()) {
                handler.flush();
            }
            return;
        }
        super.reset();
    }
}

package cn.fieldsync.server.app;

/**
 * The server's entry point ({@code java -jar server.jar}): Helidon MP's own {@code io.helidon.Main},
 * started with the JVM-wide settings that must be in place before CDI boots.
 *
 * <p>Weld validates every {@code beans.xml} it finds against the CDI schema at each start, which
 * compiles the XSD first (about a third of a second of a cold start's CPU on a 2-core machine,
 * issue 17). The descriptors are fixed at build time and an invalid one fails the build's tests
 * anyway, so validation is switched off unless the operator sets the property themselves.
 *
 * <p>The log manager is {@link ServerLogManager}, which keeps the log
 * open while the server stops (again unless the operator names another).
 */
public final class ServerMain {

    /** Weld's switch for schema validation of {@code beans.xml} (Weld's {@code ConfigurationKey.DISABLE_XML_VALIDATION}). */
    static final String WELD_DISABLE_XML_VALIDATION = "org.jboss.weld.xml.disableValidating";

    private ServerMain() {
    }

    /** The JDK's property naming the {@code java.util.logging} manager: read once, when logging is first used. */
    static final String LOG_MANAGER = "java.util.logging.manager";

    public static void main(String[] args) {
        if (System.getProperty(WELD_DISABLE_XML_VALIDATION) == null) {
            System.setProperty(WELD_DISABLE_XML_VALIDATION, "true");
        }
        // before anything logs: what the server says while it stops must reach the log (ServerLogManager)
        if (System.getProperty(LOG_MANAGER) == null) {
            System.setProperty(LOG_MANAGER, ServerLogManager.class.getName());
        }
        // Not done: setting Helidon's mapper manager once here (MapperManager.global) spares the
        // service-registry look-up it makes on every typed header read (helidon-io/helidon#10595,
        // 4.5% of the server's CPU under the load harness), but made every start 1 s slower
        // (startup.sh, 100,000 records: 5.7 s against 4.7 s), and start-up has a goal of its own.
        io.helidon.Main.main(args);
    }
}

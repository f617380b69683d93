package cn.fieldsync.server.app;

/**
 * The server's entry point ({@code java -jar server.jar}): Helidon MP's own {@code io.helidon.Main},
 * started with the JVM-wide settings that must be in place before CDI boots.
 *
 * <p>Weld validates every {@code beans.xml} it finds against the CDI schema at each start, which
 * compiles the XSD first (about a third of a second of a cold start's CPU on a 2-core machine,
 * issue 17). The descriptors are fixed at build time and an invalid one fails the build's tests
 * anyway, so validation is switched off unless the operator sets the property themselves.
 */
public final class ServerMain {

    /** Weld's switch for schema validation of {@code beans.xml} (Weld's {@code ConfigurationKey.DISABLE_XML_VALIDATION}). */
    static final String WELD_DISABLE_XML_VALIDATION = "org.jboss.weld.xml.disableValidating";

    private ServerMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty(WELD_DISABLE_XML_VALIDATION) == null) {
            System.setProperty(WELD_DISABLE_XML_VALIDATION, "true");
        }
        io.helidon.Main.main(args);
    }
}

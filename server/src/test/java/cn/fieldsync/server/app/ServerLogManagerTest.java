package cn.fieldsync.server.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the server logs while it stops reaches the log: a JVM whose shutdown hook logs a line a
 * moment after the exit began (when the JDK's own log manager has already closed its handlers)
 * still writes it with {@link ServerLogManager}, and loses it with the JDK's manager.
 */
class ServerLogManagerTest {

    private static final String SAID_WHILE_STOPPING = "fieldsync: stopping; said after the JVM began to exit";

    @Test
    void aLineLoggedWhileTheJvmStopsReachesTheLog() throws Exception {
        assertThat(runProbe(ServerLogManager.class.getName())).as("with the server's log manager").contains(SAID_WHILE_STOPPING);
        assertThat(runProbe(null)).as("with the JDK's own log manager (the fault this manager fixes)")
                .doesNotContain(SAID_WHILE_STOPPING);
    }

    /** Runs {@link Probe} in its own JVM with the given log manager (null: the JDK's); answers its output. */
    private static String runProbe(String logManager) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
        if (logManager != null) {
            command.add("-Djava.util.logging.manager=" + logManager);
        }
        command.add(Probe.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the probe JVM exits").isTrue();
        return new String(output, StandardCharsets.UTF_8);
    }

    /** A JVM that logs once, then logs again from a shutdown hook after the JDK's own hook has had its turn. */
    public static final class Probe {
        public static void main(String[] args) {
            Logger log = Logger.getLogger("fieldsync.probe");
            log.info("fieldsync: started");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    // the JVM runs every hook at once: the JDK's closes the handlers within this time
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                log.info(SAID_WHILE_STOPPING);
            }));
        }
    }
}

package cn.fieldsync.server.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Another server node in its own process, on the database of a {@code @HelidonTest} class: the
 * same SQLite file, or in the postgresql execution the same PostgreSQL schema. What two nodes
 * behind a load balancer share is the database and nothing else, so this is how a test sees
 * whether something holds across nodes and across restarts.
 */
public final class ServerNode implements AutoCloseable {

    private final Process process;
    private final URI base;
    private final Path log;

    private ServerNode(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /**
     * Starts a node and waits until it answers /health/live (alive; whether it is ready is the test's question).
     *
     * @param config the test class's own settings ({@code fieldsync.data-dir}, {@code fieldsync.db.schema}, ...)
     */
    public static ServerNode start(Map<String, String> config) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        command.add("-cp");
        command.add(classpath);
        command.add("-Dserver.port=" + port);
        command.add("-Dserver.host=127.0.0.1");
        for (String key : List.of("fieldsync.db.url", "fieldsync.db.user", "fieldsync.db.password")) {
            if (System.getProperty(key) != null) {
                command.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("cn.fieldsync.server.app.ServerMain");
        Path log = Files.createTempFile(Path.of("target"), "node", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerNode node = new ServerNode(process, URI.create("http://127.0.0.1:" + port + "/"), log);
        node.awaitReady();
        return node;
    }

    public URI base() {
        return base;
    }

    /** The node's output so far (its log). */
    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Asks the node to stop as an operator or Kubernetes does (SIGTERM) and waits for it; answers its exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the node did not stop within 120 s of SIGTERM");
        }
        return process.exitValue();
    }

    private void awaitReady() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the second node stopped: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            try {
                HttpResponse<Void> health = client.send(HttpRequest.newBuilder(base.resolve("/health/live")).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new AssertionError("the second node did not start in 90 s: " + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Stops the node as a crash would: at once, without a shutdown. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}

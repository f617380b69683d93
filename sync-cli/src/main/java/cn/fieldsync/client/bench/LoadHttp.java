package cn.fieldsync.client.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load harness's HTTP side: the JDK client over HTTP/1.1, loopback only, and a 503 answered
 * the way a device answers it ({@code cn.fieldsync.client.internal.HttpTransport}): sent again
 * after the server's {@code Retry-After} (1 to 10 s), at most five times. Unlike the device's
 * transport it keeps every status it saw, because the harness reports them.
 *
 * <p>Thread-safe: one instance serves every simulated device and puller.
 */
final class LoadHttp {

    /** As the device: how often a 503 is sent again, and the longest wait between two tries. */
    static final int UNAVAILABLE_RETRIES = 5;
    static final int MAX_RETRY_AFTER_SECONDS = 10;

    /** One exchange as the caller saw it: the last answer, the time from first send to it, and the 503s before it. */
    record Reply(int status, String body, long nanos, int unavailable) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final List<URI> nodes;
    private final HttpClient[] clients;
    final AtomicLong unavailableAnswers = new AtomicLong();
    final AtomicLong unavailableWithoutRetryAfter = new AtomicLong();

    /**
     * @param nodes the server nodes; each must be on the loopback interface (the harness loads
     *              nothing but this machine)
     */
    LoadHttp(List<URI> nodes, int clients) {
        for (URI node : nodes) {
            String host = node.getHost();
            if (host == null || !(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"))) {
                throw new IllegalArgumentException("the load harness runs against loopback only, not " + node);
            }
        }
        this.nodes = List.copyOf(nodes);
        this.clients = new HttpClient[clients];
        for (int i = 0; i < clients; i++) {
            this.clients[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        }
    }

    int nodeCount() {
        return nodes.size();
    }

    /** A request to node {@code node % nodes}, path relative to the server's root. */
    HttpRequest.Builder request(int node, String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(nodes.get(Math.floorMod(node, nodes.size())).resolve(path))
                .timeout(Duration.ofMinutes(2));
        return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    HttpRequest.Builder post(int node, String path, String token, String json) {
        return request(node, path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    /**
     * Sends a request on the client of {@code actor}; a 503 is sent again as a device would.
     *
     * @throws IOException the server could not be reached (the harness counts it as an error)
     */
    Reply send(int actor, HttpRequest request) throws IOException, InterruptedException {
        HttpClient client = clients[Math.floorMod(actor, clients.length)];
        long start = System.nanoTime();
        int unavailable = 0;
        while (true) {
            HttpResponse<String> response = exchange(client, request);
            if (response.statusCode() != 503 || unavailable >= UNAVAILABLE_RETRIES) {
                return new Reply(response.statusCode(), response.body(), System.nanoTime() - start, unavailable);
            }
            unavailable++;
            unavailableAnswers.incrementAndGet();
            long seconds = response.headers().firstValue("Retry-After").map(LoadHttp::seconds).orElse(-1L);
            if (seconds < 0) {
                unavailableWithoutRetryAfter.incrementAndGet();
                seconds = 2;
            }
            Thread.sleep(Math.min(Math.max(seconds, 1), MAX_RETRY_AFTER_SECONDS) * 1000L);
        }
    }

    /**
     * One exchange, bounded as a whole: the request timeout of the JDK client ends at the
     * response's headers, and a body that never ends would hold a simulated device forever.
     */
    private static HttpResponse<String> exchange(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        var pending = client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return pending.get(EXCHANGE_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new IOException("no complete answer within " + EXCHANGE_LIMIT.toMinutes() + " min from " + request.uri());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private static final Duration EXCHANGE_LIMIT = Duration.ofMinutes(3);

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return 2;
        }
    }
}

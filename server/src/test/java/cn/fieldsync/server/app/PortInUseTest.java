package cn.fieldsync.server.app;

import cn.fieldsync.server.testing.ServerNode;
import cn.fieldsync.server.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A server whose port another process holds is not "ready": Helidon logs the bind failure and
 * "started on port -1", and the start then fails, so the process ends with a failure status a
 * service manager sees (before, it logged "fieldsync is ready", then the failure, and exited 0).
 */
class PortInUseTest {

    @Test
    void aServerThatCannotListenSaysSoAndStops() throws Exception {
        Path dir = Files.createDirectories(TestDatabases.freshDirectory("port-in-use"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Throwable refused = catchThrowable(() -> ServerNode.start(Map.of("fieldsync.data-dir", dir.toString(),
                    "server.port", Integer.toString(taken.getLocalPort()))));

            assertThat(refused).as("the node stopped by itself").hasMessageContaining("the second node stopped")
                    .hasMessageContaining("did not start listening")
                    .hasMessageNotContaining("fieldsync is ready");
        }
    }
}

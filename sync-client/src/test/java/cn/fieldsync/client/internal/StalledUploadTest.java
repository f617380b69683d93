package cn.fieldsync.client.internal;

import cn.fieldsync.client.ServerUnreachableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tester's finding: a peer that accepted an upload and then stopped reading held `fieldsync sync` for
 * about 11 minutes (HttpURLConnection has no write timeout). The upload is now given up once nothing
 * went out for the read timeout — shortened here — and the sync says the server cannot be reached
 * (nothing lost: the next sync resumes the upload).
 */
class StalledUploadTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a bound on a hang, not a measure of speed
    void anUploadToAPeerThatStoppedReadingIsGivenUp(@TempDir Path dir) throws Exception {
        Path photo = dir.resolve("large.jpg");
        try (RandomAccessFile file = new RandomAccessFile(photo.toFile(), "rw")) {
            file.setLength(256L * 1024 * 1024); // more than any socket buffer holds
        }
        long before = HttpTransport.writeStallMillis;
        HttpTransport.writeStallMillis = 2_000;
        try (ServerSocket peer = new ServerSocket(0)) {
            Thread accepting = new Thread(() -> {
                try {
                    Socket held = peer.accept(); // accepted, never read
                    Thread.sleep(TimeUnit.MINUTES.toMillis(5));
                    held.close();
                } catch (Exception ignored) {
                    // the test ended
                }
            });
            accepting.setDaemon(true);
            accepting.start();
            HttpTransport transport = new HttpTransport("http://127.0.0.1:" + peer.getLocalPort());
            assertThatThrownBy(() -> transport.upload("token", "0".repeat(64), photo, 0))
                    .isInstanceOf(ServerUnreachableException.class).hasMessageContaining("记录都已保留在本设备");
        } finally {
            HttpTransport.writeStallMillis = before;
        }
    }
}

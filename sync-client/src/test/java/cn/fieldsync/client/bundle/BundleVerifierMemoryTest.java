package cn.fieldsync.client.bundle;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * verify-bundle streams: a bundle several times larger than the verifier's heap — a 200 MB
 * attachment and six of 15 MB, each below the size the verifier once kept in memory — verifies in
 * a child JVM with {@code -Xmx64m}, and a byte changed inside the large attachment is found.
 * (Before, every file up to 16 MB was held until the end: the six alone filled the heap.)
 */
class BundleVerifierMemoryTest {

    private static final int MB = 1024 * 1024;
    private static final long LARGE = 200L * MB;
    private static final int MEDIUM = 15 * MB;
    private static final int MEDIUM_COUNT = 6;

    @TempDir
    Path dir;

    @Test
    void aBundleLargerThanTheHeapVerifiesAndAChangedByteInItIsFound() throws Exception {
        Path bundle = dir.resolve("bundle.zip");
        long largeDataAt = writeBundle(bundle);
        assertThat(Files.size(bundle)).isGreaterThan(LARGE);

        long started = System.nanoTime();
        Run clean = verifyWithSmallHeap(bundle);
        System.out.printf("verified a %d MB bundle (%d MB of attachments) at -Xmx64m in %d ms%n", Files.size(bundle) / MB,
                (LARGE + (long) MEDIUM * MEDIUM_COUNT) / MB, (System.nanoTime() - started) / 1_000_000);
        assertThat(clean.exit()).as(clean.output()).isZero();
        assertThat(clean.output()).contains("ok   attachments/" + sha256OfRepeated((byte) 0, LARGE))
                .doesNotContain("OutOfMemoryError", "FAIL");

        try (FileChannel channel = FileChannel.open(bundle, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {1}), largeDataAt + LARGE / 2);
        }
        Run changed = verifyWithSmallHeap(bundle);
        assertThat(changed.exit()).as(changed.output()).isEqualTo(1);
        assertThat(changed.output()).contains("FAIL").doesNotContain("OutOfMemoryError");
    }

    private record Run(int exit, String output) {
    }

    private static Run verifyWithSmallHeap(Path bundle) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), VerifyInSmallHeap.class.getName(), bundle.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }

    /**
     * A format-1 bundle (no audit proof) of zero-filled 200 MB stored without compression — its
     * bytes are a hole in a sparse file, so it is made in well under a second — and six deflated
     * 15 MB attachments, then the manifest. Returns where the large attachment's bytes start.
     */
    private static long writeBundle(Path bundle) throws Exception {
        JsonArray files = new JsonArray();
        long largeDataAt;
        try (FileChannel channel = FileChannel.open(bundle, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             ZipOutputStream zip = new ZipOutputStream(new SparseOutput(channel))) {
            String large = sha256OfRepeated((byte) 0, LARGE);
            ZipEntry entry = new ZipEntry("attachments/" + large);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(LARGE);
            entry.setCompressedSize(LARGE);
            entry.setCrc(crc32OfZeros(LARGE));
            zip.putNextEntry(entry);
            largeDataAt = channel.position();
            byte[] zeros = new byte[MB];
            for (long written = 0; written < LARGE; written += MB) {
                zip.write(zeros);
            }
            zip.closeEntry();
            files.add(listed(entry.getName(), large, LARGE));
            for (int i = 1; i <= MEDIUM_COUNT; i++) {
                byte[] block = new byte[MB];
                Arrays.fill(block, (byte) i);
                String sha = sha256OfRepeated((byte) i, MEDIUM);
                zip.putNextEntry(new ZipEntry("attachments/" + sha));
                for (int written = 0; written < MEDIUM; written += MB) {
                    zip.write(block);
                }
                zip.closeEntry();
                files.add(listed("attachments/" + sha, sha, MEDIUM));
            }
            JsonObject manifest = new JsonObject();
            manifest.addProperty("format", "fieldsync-bundle/1");
            manifest.add("files", files);
            manifest.add("records", new JsonArray());
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(manifest.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return largeDataAt;
    }

    private static JsonObject listed(String path, String sha256, long size) {
        JsonObject file = new JsonObject();
        file.addProperty("path", path);
        file.addProperty("sha256", sha256);
        file.addProperty("size", size);
        return file;
    }

    private static String sha256OfRepeated(byte value, long size) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[MB];
        Arrays.fill(block, value);
        for (long done = 0; done < size; done += MB) {
            digest.update(block);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static long crc32OfZeros(long size) {
        CRC32 crc = new CRC32();
        byte[] zeros = new byte[MB];
        for (long done = 0; done < size; done += MB) {
            crc.update(zeros);
        }
        return crc.getValue();
    }

    /** Writes through a file channel, leaving a hole where a whole block is zeros (it reads back as zeros). */
    private static final class SparseOutput extends OutputStream {
        private final FileChannel channel;

        SparseOutput(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len >= 4096 && Arrays.mismatch(b, off, off + len, new byte[len], 0, len) < 0) {
                channel.position(channel.position() + len);
                return;
            }
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }
}

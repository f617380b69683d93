package cn.fieldsync.server.api;

import io.helidon.common.config.Config;
import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncoding;
import io.helidon.http.encoding.spi.ContentEncodingProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The web server's reader of request bodies sent with {@code Content-Encoding: gzip} (RFC 9110
 * §8.4.1.3), with the JDK's {@link GZIPInputStream}: a device's push arrives compressed. Helidon
 * refuses a request with a Content-Encoding it has no decoder for before any resource sees it, so
 * the decoding is registered with the web server itself (META-INF/services); answers are
 * compressed by {@link Compression}. Decoding only: this provider never encodes.
 */
public final class GzipRequestBodies implements ContentEncodingProvider {

    static final String GZIP = "gzip";

    /** Required by the service loader. */
    public GzipRequestBodies() {
    }

    @Override
    public String configKey() {
        return GZIP;
    }

    @Override
    public ContentEncoding create(Config config, String name) {
        return new Gzip(name);
    }

    /**
     * Decompresses on first read rather than when the request arrives, so that a body that is not
     * gzip fails where the API reads it, as an unreadable body (400 malformed_json), not inside
     * the web server.
     */
    private static final class Inflating extends InputStream {
        private final InputStream raw;
        private InputStream inflated;

        Inflating(InputStream raw) {
            this.raw = raw;
        }

        private InputStream inflated() throws IOException {
            if (inflated == null) {
                inflated = new GZIPInputStream(raw, 64 * 1024);
            }
            return inflated;
        }

        @Override
        public int read() throws IOException {
            return inflated().read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return inflated().read(buffer, offset, length);
        }

        @Override
        public void close() throws IOException {
            (inflated == null ? raw : inflated).close();
        }
    }

    private record Gzip(String name) implements ContentEncoding {

        @Override
        public String type() {
            return GZIP;
        }

        @Override
        public Set<String> ids() {
            return Set.of(GZIP, "x-gzip");
        }

        @Override
        public boolean supportsEncoding() {
            return false;
        }

        @Override
        public boolean supportsDecoding() {
            return true;
        }

        @Override
        public ContentDecoder decoder() {
            return Inflating::new;
        }

        @Override
        public ContentEncoder encoder() {
            return ContentEncoder.NO_OP;
        }
    }
}

package cn.fieldsync.server.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import org.glassfish.jersey.message.GZipEncoder;
import org.glassfish.jersey.server.filter.EncodingFilter;

/**
 * gzip answers (RFC 9110 §8.4 Content-Encoding, §12.5.3 Accept-Encoding), with Jersey's own
 * encoder: an answer is compressed when the request says {@code Accept-Encoding: gzip} (the change
 * feed, ~5× smaller for the Chinese text of records); a request that asks for nothing gets the
 * plain body, as before. Request bodies sent with {@code Content-Encoding: gzip} (a device's push)
 * are decompressed by the web server before they reach a resource ({@link GzipRequestBodies});
 * the size limits of the API (2 MB a record, 32 MB a push) count the decompressed bytes, so a
 * small compressed body cannot unpack into more than they allow.
 */
@Provider
@ApplicationScoped
public class Compression implements Feature {

    @Override
    public boolean configure(FeatureContext context) {
        // the filter picks the answer's encoding from Accept-Encoding among the encoders registered
        context.register(EncodingFilter.class);
        context.register(AnswersOnly.class);
        return true;
    }

    /**
     * Jersey's gzip encoder for answers only: a request body the web server has already
     * decompressed ({@link GzipRequestBodies}) may still carry its Content-Encoding header, and
     * must not be decompressed twice.
     */
    public static final class AnswersOnly extends GZipEncoder {
        @Override
        public java.io.InputStream decode(String contentEncoding, java.io.InputStream encodedStream) {
            return encodedStream;
        }
    }
}

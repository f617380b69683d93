package cn.fieldsync.server.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import org.glassfish.jersey.message.GZipEncoder;
import org.glassfish.jersey.server.filter.EncodingFilter;

/**
 * gzip in both directions (RFC 9110 §8.4 Content-Encoding, §12.5.3 Accept-Encoding), with
 * Jersey's own encoder: a request body sent with {@code Content-Encoding: gzip} (a device's push)
 * is read decompressed, and an answer is compressed when the request says
 * {@code Accept-Encoding: gzip} (the change feed, ~5× smaller for the Chinese text of records).
 * A request that asks for nothing gets the plain body, as before. The size limits of the API
 * (2 MB a record, 32 MB a push) count the decompressed bytes, so a small compressed body cannot
 * unpack into more than they allow.
 */
@Provider
@ApplicationScoped
public class Compression implements Feature {

    @Override
    public boolean configure(FeatureContext context) {
        // the filter picks the answer's encoding from Accept-Encoding among the encoders registered;
        // the encoder also reads a request body sent with Content-Encoding: gzip
        context.register(EncodingFilter.class);
        context.register(GZipEncoder.class);
        return true;
    }
}

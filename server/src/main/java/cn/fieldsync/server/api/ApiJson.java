package cn.fieldsync.server.api;

import cn.fieldsync.server.dto.DtoJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP side of response records: a resource method returns a record (a DTO, see the
 * {@code ..dto} packages) or a {@code Response} carrying one, and this writer sends it as
 * {@code application/json} in UTF-8, serialised by {@link DtoJson} — the one place a shape becomes
 * JSON. A resource never builds its answer as a {@code JsonObject} (ArchitectureTest).
 */
@Provider
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ApiJson implements MessageBodyWriter<Record> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return Record.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(Record dto, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        DtoJson.write(dto, writer);
        writer.flush(); // not closed: the container owns the stream
    }
}

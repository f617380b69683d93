package cn.fieldsync.server.api;

import cn.fieldsync.schemas.Labels;
import cn.fieldsync.server.api.dto.AttachmentDtos;
import cn.fieldsync.server.identity.Role;
import cn.fieldsync.server.record.RecordService;

import cn.fieldsync.server.attachment.AttachmentStore;
import cn.fieldsync.server.attachment.FileAttachmentStore;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Attachment bytes, content-addressed by SHA-256.
 *
 * <ul>
 *   <li>{@code HEAD /api/attachments/{sha256}}: 404 when nothing arrived; else 200 with
 *       {@code X-Fieldsync-Received} (bytes held) and {@code X-Fieldsync-Complete}</li>
 *   <li>{@code PUT /api/attachments/{sha256}}: the bytes, whole or from an offset with
 *       {@code Content-Range: bytes FIRST-LAST/TOTAL}; answers what the server now holds;
 *       201 when this request completed a verified upload</li>
 *   <li>{@code GET /api/attachments/{sha256}}: the verified content</li>
 * </ul>
 *
 * <p>Who learns what (issue 12): a file is in a caller's reach when a record in their scope
 * names it in an attachment field, or when their own upload of it completed (they proved to
 * hold the bytes); administrators reach every file. {@code GET} serves a file only through a
 * record (or to an administrator). {@code HEAD} and {@code PUT} answer a caller for a file out
 * of reach from that caller's own partial upload only — as if nothing else had arrived — so they
 * tell nothing about other people's files; each uploader resumes their own partial upload, and a
 * wrong byte sent by one never discards another's.
 */
@ApplicationScoped
@Path("/api/attachments/{sha256}")
public class AttachmentsResource {

    static final String RECEIVED = "X-Fieldsync-Received";
    static final String COMPLETE = "X-Fieldsync-Complete";
    private static final Pattern RANGE = Pattern.compile("^bytes (\\d{1,15})-(\\d{1,15})/(\\d{1,15})$");

    @Inject
    cn.fieldsync.server.observe.FieldsyncMetrics metrics;

    @Inject
    AttachmentStore attachments;

    @Inject
    RecordService records;

    @Inject
    CallerContext caller;

    @HEAD
    @Allowed({Role.INSPECTOR, Role.ADMIN})
    public Response head(@PathParam("sha256") String sha256) {
        if (!FileAttachmentStore.isSha256(sha256)) {
            return Response.status(400).build();
        }
        AttachmentStore.Status status = known(sha256);
        if (!status.complete() && status.received() == 0) {
            return Response.status(404).header(RECEIVED, 0).header(COMPLETE, false).build();
        }
        return Response.ok().header(RECEIVED, status.received()).header(COMPLETE, status.complete()).build();
    }

    /** What the caller may be told the server has: the whole file when in reach, else their own partial upload. */
    private AttachmentStore.Status known(String sha256) {
        String uploader = caller.get().username();
        return records.mayUseAttachment(caller.get(), sha256) ? attachments.status(sha256, uploader)
                : attachments.partial(sha256, uploader);
    }

    @PUT
    @Allowed({Role.INSPECTOR, Role.ADMIN})
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Answers(AttachmentDtos.UploadStatus.class)
    public Response put(@PathParam("sha256") String sha256, @HeaderParam("Content-Range") String range,
                        @HeaderParam("Content-Length") Long contentLength, InputStream bytes) {
        if (!FileAttachmentStore.isSha256(sha256)) {
            throw FileAttachmentStore.notAName();
        }
        long offset = 0;
        long total;
        if (range != null && !range.isBlank()) {
            Matcher m = RANGE.matcher(range.trim());
            if (!m.matches() || Long.parseLong(m.group(2)) < Long.parseLong(m.group(1))
                    || Long.parseLong(m.group(2)) >= Long.parseLong(m.group(3))) {
                throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, "Content-Range",
                        Labels.say("contentRange", "Content-Range", "bytes 起始位置-结束位置/总长", "bytes 0-99/1000"));
            }
            offset = Long.parseLong(m.group(1));
            total = Long.parseLong(m.group(3));
        } else if (contentLength != null) {
            total = contentLength;
        } else {
            throw new FieldsyncException(ErrorCode.INVALID_PARAMETER, "Content-Length",
                    Labels.say("uploadLength", "Content-Length", "Content-Range", "bytes 100-999/1000"));
        }
        AttachmentStore.Status before = known(sha256);
        AttachmentStore.Status status;
        if (before.complete()) {
            // in the caller's reach and held: nothing more to receive
            drain(bytes);
            status = before;
        } else {
            // the caller's own partial upload; bytes matching a file held already are verified, then dropped
            status = attachments.append(sha256, caller.get().username(), offset, total, bytes);
            metrics.attachmentBytesReceived(status.received() - offset);
            if (status.complete()) {
                records.noteAttachmentHolder(caller.get(), sha256);
            }
        }
        return Response.status(status.complete() && !before.complete() ? 201 : 200)
                .header(RECEIVED, status.received()).header(COMPLETE, status.complete())
                .entity(new AttachmentDtos.UploadStatus(sha256, status.received(), status.complete())).build();
    }

    private static void drain(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the client went away: nothing to keep
        }
    }

    /** The file, to whoever sees a record that names it (an unnamed file only to administrators). */
    @GET
    @Allowed({Role.INSPECTOR, Role.REVIEWER, Role.ADMIN})
    public Response get(@PathParam("sha256") String sha256) {
        if (!FileAttachmentStore.isSha256(sha256)) {
            throw FileAttachmentStore.notAName();
        }
        if (!records.seesAttachment(caller.get(), sha256)) {
            throw new FieldsyncException(ErrorCode.NOT_FOUND, null, Labels.say("attachmentNotFound", sha256));
        }
        InputStream content = attachments.open(sha256)
                .orElseThrow(() -> new FieldsyncException(ErrorCode.NOT_FOUND, null, Labels.say("attachmentNotFound", sha256)));
        StreamingOutput body = out -> {
            try (content) {
                content.transferTo(out);
            }
        };
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM).header("ETag", "\"" + sha256 + "\"").build();
    }
}

package cn.fieldsync.merge;

import com.google.gson.JsonElement;

import java.util.List;

/**
 * One field both sides changed to different values: the merge kept the server's and holds the
 * three for an administrator. A value is null where the field was absent.
 *
 * @param signedOn null, or — for a signature, refusal to sign or seal the device gave on content
 *                 that is not the record's now — what the signer saw ({@link SignedOn})
 */
public record FieldChange(String field, JsonElement base, JsonElement server, JsonElement device, SignedOn signedOn) {

    public FieldChange(String field, JsonElement base, JsonElement server, JsonElement device) {
        this(field, base, server, device, null);
    }

    /**
     * A device's signing made on other content than the record holds (安全生产法 art 68: a
     * signature confirms the content the signer saw).
     *
     * @param contentSha256 the hex SHA-256 of the signed content the signer saw
     *                      ({@code cn.fieldsync.schemas.SignedContent#sha256})
     * @param changedFields the top-level fields whose content differs between what the signer saw
     *                      and the record the merge made, in name order
     */
    public record SignedOn(String contentSha256, List<String> changedFields) {
    }
}

package cn.fieldsync.client;

import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonObject;

/**
 * The sync protocol's version, sent on every request and answered on every response (in the
 * spirit of ODK's {@code X-OpenRosa-Version}); see docs/protocol.md. A {@link SyncTransport} an app
 * supplies sends {@link #HEADER}{@code : }{@link #VERSION} on each request and turns an error
 * answer into the library's exception with {@link #refusal(int, String)}.
 */
public final class SyncProtocol {

    /** The request and response header naming the protocol version. */
    public static final String HEADER = "Fieldsync-Protocol";
    /** The version this library speaks. */
    public static final int VERSION = 1;

    private SyncProtocol() {
    }

    /**
     * The exception for an HTTP error answer: {@link ProtocolUnsupportedException} for 426 or the
     * code {@code protocol_unsupported}, otherwise {@link ServerRefusedException} with the
     * problem's {@code code} and {@code message} (retriable for 5xx and 429).
     *
     * @param status the HTTP status, 300 or above
     * @param body   the answer's body (a problem document, or anything else), may be null
     * @return the exception to throw; never null
     */
    public static ServerRefusedException refusal(int status, String body) {
        String code = null;
        String message = null;
        try {
            JsonObject problem = StrictJson.parseObject(body);
            code = problem.has("code") ? problem.get("code").getAsString() : null;
            message = problem.has("message") ? problem.get("message").getAsString() : null;
        } catch (StrictJson.MalformedJsonException | RuntimeException e) {
            // not a problem document (a proxy's page): its first line is the best there is
            message = body == null || body.trim().isEmpty() ? "no details" : body.trim().split("\n", 2)[0];
        }
        if (code == null && status == 401) {
            code = "unauthenticated"; // a HEAD answer, or a streamed upload's, has no body to name it
        }
        if (status == 426 || "protocol_unsupported".equals(code)) {
            return new ProtocolUnsupportedException("服务器已不支持此版本的 fieldsync（同步协议 " + VERSION + "），请更新应用；"
                    + "本设备上的记录都已保留，更新后同步 (the server refused protocol " + VERSION + ": " + message + ")", status);
        }
        return new ServerRefusedException(refusalText(status, code, message), status, code, status >= 500 || status == 429);
    }

    /**
     * What the inspector reads: "服务器拒绝（403）：只有检查员可以登记设备…（forbidden）". The server's
     * message when it is in Chinese; otherwise the code's Chinese name from the label catalogue
     * ({@code errors} section), the English message only when the catalogue has no name. The code
     * stays last, in brackets, for whoever supports the inspector.
     */
    static String refusalText(int status, String code, String message) {
        String named = code == null ? null : cn.fieldsync.schemas.Labels.find("errors", code).orElse(null);
        String said;
        if (cn.fieldsync.schemas.PlainWords.hasChinese(message)) {
            said = message;
        } else if (named != null) {
            said = named;
        } else {
            said = message == null ? "没有说明原因" : message;
        }
        return "服务器拒绝（" + status + "）：" + said + (code == null ? "" : "（" + code + "）");
    }
}

package cn.fieldsync.client;

/**
 * The Chinese words an inspector reads for why an operation waits or was refused, by the server's
 * error code (its ErrorCode catalogue) or the device's own codes: the {@code deviceReasons} section
 * of the one label catalogue ({@link cn.fieldsync.schemas.Labels}), then the server's own words
 * when they are in Chinese (which record, which photo). The server's English details (from
 * servers older than the catalogue's sentences) are left out: an inspector never reads them. A
 * reason says what is wrong, not what to do: the command line and the app add that (resend,
 * withdraw).
 */
public final class Reasons {

    /**
     * The operation waits for a record it links to, which is still held on this device (noted by
     * the device before sending, or answered by the server for a link within one push).
     */
    public static final String WAITS_FOR_LINKED = "waits_for_linked";

    private Reasons() {
    }

    /** The Chinese reason for a code, with the server's details after it when given in Chinese. */
    public static String describe(String code, String details) {
        String text = cn.fieldsync.schemas.Labels.find("deviceReasons", code)
                .orElseGet(() -> cn.fieldsync.schemas.Labels.find("errors", code).orElse("服务器未接受此修改"));
        if (!cn.fieldsync.schemas.PlainWords.hasChinese(details)) {
            return text;
        }
        // a reason described once already (the device's own check, then its refusal passed on) is not said twice, nor
        // one whose own words begin with the label's, codes in brackets aside (a tester saw "隐患等级只能在登记阶段修改：
        // 隐患等级只能在登记阶段（REGISTERED）修改…")
        String plain = details.replaceAll("（[^（）]*）", "");
        return details.startsWith(text) || plain.startsWith(text) ? details : text + "：" + details;
    }
}

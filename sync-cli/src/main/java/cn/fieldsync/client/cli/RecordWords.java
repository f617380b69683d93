package cn.fieldsync.client.cli;

import cn.fieldsync.client.AttentionItem;
import cn.fieldsync.client.FieldRecord;
import cn.fieldsync.client.RecordState;
import cn.fieldsync.schemas.ChineseDates;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.RecordType;
import com.google.gson.JsonElement;

import java.time.Instant;
import java.time.ZoneId;

/**
 * What the command line prints from records, in the inspector's words: states and codes by their
 * Chinese names from the label catalogue, times in the server's zone, and text from records made
 * safe for a terminal. Stateless.
 */
final class RecordWords {

    private RecordWords() {
    }

    /**
     * What the inspector can do about a record needing attention, with the commands to type: a
     * refusal that editing cannot cure (a unit or person is the administrator's, a sealed record)
     * says so instead of "改正后重发", which would lead nowhere (a tester's finding).
     */
    static String nextStep(AttentionItem item, boolean deletedHere) {
        String id = item.recordId();
        String withdraw = "fieldsync withdraw " + id + " 撤回（撤回的修改保留在 attention --withdrawn 中）";
        if (deletedHere && item.kind() == AttentionItem.Kind.NEEDS_ACTION) {
            // a deleted record cannot be edited: its refused deletion is taken back, the record shows the server's state
            return "删除未被接受：用 " + withdraw + "，记录恢复为服务器上的内容";
        }
        if (item.kind() == AttentionItem.Kind.WAITING) {
            switch (item.code()) {
                case "out_of_scope":
                    return "等待即可：管理员恢复您的管辖范围后自动生效；若是填错了地区或单位，用 fieldsync edit " + id
                            + " 改正，下次同步时发送；已不需要的，用 " + withdraw;
                case "waits_for_linked":
                    return "所引用的记录还在本设备上等待（原因中有它的名称）：先处理那条记录（见它的“处理”）；若要改为引用已有的记录，用 fieldsync edit "
                            + id + " 改正，下次同步时发送";
                case "attachment_missing":
                    return "等待即可：照片在本设备上的会自动上传；在别的设备上的，请在那台设备上同步";
                default:
                    return "等待即可：每次同步时自动重发；已不需要的，用 " + withdraw;
            }
        }
        switch (item.code()) {
            case "forbidden":
                return item.type() == RecordType.UNIT || item.type() == RecordType.PERSON
                        ? "单位和人员信息由管理员维护，改了重发也不会被接受：用 " + withdraw + "，需要更正的请联系管理员修改"
                        : "您无权进行此操作，重发也不会被接受：用 " + withdraw + "；如有疑问请联系管理员";
            case "duplicate_unit":
                return "该单位已登记（原因中有它的名称和编号）：用 " + withdraw + "，记录里改用已有的单位";
            case "sealed":
            case "signed_pledge":
                return "记录已签字封存，不能再改：用 " + withdraw + "，另行录入更正记录（新记录写 amends=" + id + "）";
            default:
                return "用 fieldsync edit " + id + " 字段=值 改正后，fieldsync resend " + id + " 重发；或用 " + withdraw;
        }
    }

    /** Text from a record made safe to print: {@link cn.fieldsync.schemas.VisibleText#of(String)}, the one rule the app shows through too. */
    static String safe(String text) {
        return cn.fieldsync.schemas.VisibleText.of(text);
    }

    /** Safe text (see {@link #safe}), keeping the line breaks of a multi-line document such as pretty-printed JSON. */
    static String safeLines(String text) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            out.append(i == 0 ? "" : "\n").append(safe(lines[i]));
        }
        return out.toString();
    }

    /** The record's state as the inspector app names it (label catalogue {@code syncStates}), with the English after it. */
    static String state(FieldRecord r) {
        RecordState state = r.state();
        String key = switch (state) {
            case NEEDS_ATTENTION -> "NEEDS_ACTION";
            case IN_CONFLICT -> "CONFLICT";
            case WAITING_FOR_FILE -> "WAITING_FILE";
            case PENDING -> "PENDING";
            case SYNCED -> "SYNCED";
        };
        String english = switch (state) {
            case NEEDS_ATTENTION -> "needs attention: fieldsync attention";
            case IN_CONFLICT -> "in conflict: fieldsync conflicts";
            case WAITING_FOR_FILE -> "waiting for a photo or file to upload";
            case PENDING -> "pending";
            case SYNCED -> "synced";
        };
        String name = Labels.name("syncStates", key);
        return (state == RecordState.PENDING ? name + " " + r.pending() + " 项" : name) + " (" + english + ")";
    }

    /**
     * The record's summary with a code (a kind, a status) replaced by its Chinese name, the code
     * after it in brackets: "已签字封存 (SEALED)".
     */
    static String summary(FieldRecord r) {
        String section = codeSection(r.type(), r.json());
        String summary = r.summary();
        if (section != null) {
            java.util.Optional<String> name = Labels.find(section, summary);
            if (name.isPresent()) {
                return name.get() + " (" + summary + ")";
            }
        }
        return safe(summary);
    }

    /** The catalogue section of the field the summary came from, when that field holds a code. */
    private static String codeSection(RecordType type, String json) {
        com.google.gson.JsonObject body = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
        for (String field : new String[] {"name", "description", "title"}) {
            if (body.get(field) instanceof JsonElement value && value.isJsonPrimitive()) {
                return null;
            }
        }
        boolean kind = body.get("kind") instanceof JsonElement value && value.isJsonPrimitive();
        return switch (type) {
            case UNIT -> kind ? "unitKinds" : null;
            case PLEDGE -> kind ? "pledgeKinds" : "pledgeStatus";
            case INSPECTION -> kind ? null : "inspectionStatus";
            case HAZARD -> kind ? null : "hazardStatus";
            default -> null;
        };
    }

    /**
     * An instant as the people write it, in the server's zone ({@code fieldsync.zone}, {@link
     * cn.fieldsync.client.FieldStore#zone}), never the JVM's default: 2026年12月1日 10:23.
     */
    static String when(Instant instant, ZoneId zone) {
        return ChineseDates.format(instant, zone);
    }
}

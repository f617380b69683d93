package cn.fieldsync.server.error;

import cn.fieldsync.schemas.Labels;


/**
 * Field names as a refusal shows them: the Chinese name from {@link Labels} with the member the
 * device or the console sends beside it ({@code 单位（unit）}), so that the reader understands the
 * sentence and a programmer of a device still sees what to send. Codes: {@link Labels#named}.
 */
public final class Named {

    private Named() {
    }

    /**
     * The refusal of a member that takes one of a few codes: {@code 身份（role）须为以下之一：…} for a
     * value not among them, {@code 请填写身份（role），从以下之中选择：…} when none was given (absent or
     * blank) — "须为以下之一" read as if something wrong had been sent.
     *
     * @param section the label section naming the codes
     */
    public static String oneOf(String member, String given, String section, java.util.Collection<?> codes) {
        String choices = Labels.named(section, codes);
        return given == null || given.isBlank() ? Labels.say("chooseAmong", field(member), choices)
                : Labels.say("oneOfChoices", field(member), choices);
    }

    /** The refusal of an id that is no lower-case UUID: {@code 记录（record）须为编号：小写的 UUID，如 …}. */
    public static String notUuid(String field) {
        return Labels.say("notUuid", field(field), "UUID", "0190a5e2-7c3b-7d4e-8f00-1a2b3c4d5e6f");
    }

    /**
     * A field or parameter, by a name or a JSON Pointer: {@code 每页条数（limit）}; an item of a list,
     * {@code /recordIds/3}, as {@code 记录（recordIds）的第 4 项}; a name the catalogue has no
     * Chinese name for in quotes ({@code “If-Match”}).
     */
    public static String field(String name) {
        String[] parts = (name.startsWith("/") ? name.substring(1) : name).split("/");
        String last = parts[parts.length - 1];
        if (parts.length > 1 && last.matches("[0-9]{1,9}")) {
            return field(parts[parts.length - 2]) + "的第 " + (Integer.parseInt(last) + 1) + " 项";
        }
        return Labels.find("fields", last).map(chinese -> chinese + "（" + last + "）").orElse("“" + last + "”");
    }
}

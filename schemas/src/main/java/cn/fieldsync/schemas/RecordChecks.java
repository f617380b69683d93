package cn.fieldsync.schemas;

import cn.fieldsync.domain.hazard.HazardGrade;
import cn.fieldsync.domain.hazard.HazardRules;
import cn.fieldsync.domain.hazard.LifecycleRefusal;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import static cn.fieldsync.schemas.JsonFields.array;
import static cn.fieldsync.schemas.JsonFields.text;

/**
 * The rules a schema-valid record keeps beyond its schema that need no other record than the one
 * it names, checked the same on the device (before a record is saved, so the inspector hears the
 * refusal on site, while it can still be fixed) and on the server (before it stores): one
 * implementation, so the device never accepts what the server refuses. Each refusal carries the
 * server's error code (its {@code ErrorCode} catalogue, wire name), the JSON pointer of the field
 * and a message in Chinese.
 *
 * <ul>
 *   <li>impossible dates ({@code date_out_of_order}): a danger found in the future (beyond
 *       {@link #ALLOWED_CLOCK_SKEW}), an inspection that ends before it starts, a pledge period that
 *       ends before it starts, an on-site 责令限期改正 deadline before the day of the inspection
 *       (安全生产法 art 65(二)); see {@link #dates};</li>
 *   <li>a danger raised from an inspection's checklist ({@link #dangerFromInspection}): the
 *       inspection is of the same unit; the item exists ({@code unknown_reference}); it failed
 *       ({@code item_not_failed}, {@link #itemNotFailed}); a failed item marked forcesMajor yields a MAJOR danger only
 *       ({@code grade_must_be_major}, {@link HazardRules#checkChecklistItem}).</li>
 * </ul>
 *
 * <p>Pure Java on Gson, safe on Android API 26 (the device SDK runs it). Stateless; thread-safe.
 */
public final class RecordChecks {

    /**
     * How far ahead of the checking clock a time recorded on site may lie: a device's clock runs a
     * little fast or slow, and the server must not refuse a danger recorded "now" by a device whose
     * clock is a few minutes ahead. The device and the server allow the same.
     */
    public static final Duration ALLOWED_CLOCK_SKEW = Duration.ofMinutes(10);

    /**
     * Why a record is refused.
     *
     * @param code    the server's error code (wire name, e.g. {@code date_out_of_order})
     * @param pointer JSON Pointer of the field, e.g. {@code /endedAt}
     * @param message what is wrong, in Chinese
     */
    public record Refusal(String code, String pointer, String message) {
    }

    private RecordChecks() {
    }

    /**
     * The dates of a record that cannot be.
     *
     * @param now  the checking clock's instant (the device's or the server's)
     * @param zone the zone a date-time's day is read in (an inspection's day for its deadlines)
     * @return the first refusal, or empty
     */
    public static Optional<Refusal> dates(RecordType type, JsonObject body, Instant now, ZoneId zone) {
        switch (type) {
            case HAZARD: {
                OffsetDateTime found = dateTime(text(body, "foundAt"));
                if (found != null && found.toInstant().isAfter(now.plus(ALLOWED_CLOCK_SKEW))) {
                    return refuse("date_out_of_order", "/foundAt", "发现时间 " + text(body, "foundAt")
                            + " 晚于现在：事故隐患只能记录已经发现的（允许时钟误差 " + ALLOWED_CLOCK_SKEW.toMinutes() + " 分钟）；请核对日期和设备时间");
                }
                return Optional.empty();
            }
            case INSPECTION:
                return inspectionDates(body, zone);
            case PLEDGE: {
                JsonObject period = body.get("period") instanceof JsonObject p ? p : null;
                LocalDate from = period == null ? null : date(text(period, "from"));
                LocalDate to = period == null ? null : date(text(period, "to"));
                if (from != null && to != null && to.isBefore(from)) {
                    return refuse("date_out_of_order", "/period/to", "责任期限的结束日期 " + to + " 早于开始日期 " + from);
                }
                return Optional.empty();
            }
            default:
                return Optional.empty();
        }
    }

    /**
     * An inspection ends after it starts; each on-site 责令限期改正 (安全生产法 art 65(二)) has a
     * deadline not before the day the inspection started, read in {@code zone}.
     */
    private static Optional<Refusal> inspectionDates(JsonObject body, ZoneId zone) {
        OffsetDateTime started = dateTime(text(body, "startedAt"));
        OffsetDateTime ended = dateTime(text(body, "endedAt"));
        if (started != null && ended != null && ended.isBefore(started)) {
            return refuse("date_out_of_order", "/endedAt", "检查结束时间 " + text(body, "endedAt") + " 早于开始时间 " + text(body, "startedAt"));
        }
        if (started == null) {
            return Optional.empty();
        }
        LocalDate startDay = started.atZoneSameInstant(zone).toLocalDate();
        JsonArray measures = array(body, "onSiteMeasures");
        for (int i = 0; i < measures.size(); i++) {
            LocalDate deadline = measures.get(i) instanceof JsonObject m ? date(text(m, "deadline")) : null;
            if (deadline != null && deadline.isBefore(startDay)) {
                return refuse("date_out_of_order", "/onSiteMeasures/" + i + "/deadline", "整改期限 " + deadline + " 早于检查日期 " + startDay);
            }
        }
        return Optional.empty();
    }

    /**
     * A hidden danger that names the inspection it was found in: that inspection is of the same
     * unit, and when the danger names a checklist item ({@code checklistItemCode}), the item is
     * one of the inspection's, it failed, and if it is marked forcesMajor the danger is MAJOR
     * (安全生产法 art 118: the criteria of a 重大事故隐患 are set by the State; a failed criterion
     * is a major danger, whatever the inspector picks).
     *
     * @param inspection the inspection named by {@code inspectionId}, or null when the checker does
     *                   not hold it (the device before it has synced it): then only the danger's
     *                   own fields are checked
     * @return the first refusal, or empty
     */
    public static Optional<Refusal> dangerFromInspection(JsonObject hazard, JsonObject inspection) {
        String code = text(hazard, "checklistItemCode");
        String inspectionId = text(hazard, "inspectionId");
        if (code != null && inspectionId == null) {
            return refuse("invalid_record", "/checklistItemCode", "检查项 " + code + " 须注明它所在的现场检查记录（inspectionId）");
        }
        if (inspection == null) {
            return Optional.empty();
        }
        String unit = text(hazard, "unitId");
        String inspected = text(inspection, "unitId");
        if (unit != null && inspected != null && !unit.equals(inspected)) {
            return refuse("invalid_record", "/inspectionId", "现场检查记录 " + inspectionId + " 检查的是另一家单位（" + inspected
                    + "），不是本隐患所在的单位（" + unit + "）：隐患只能登记在被检查的单位名下");
        }
        if (code == null) {
            return Optional.empty();
        }
        JsonObject item = null;
        for (JsonElement element : array(inspection, "checklist")) {
            if (element instanceof JsonObject candidate && code.equals(text(candidate, "itemCode"))) {
                item = candidate;
            }
        }
        if (item == null) {
            return refuse("unknown_reference", "/checklistItemCode", "现场检查记录 " + inspectionId + " 中没有检查项 " + code);
        }
        Optional<Refusal> notFailed = itemNotFailed(code, text(item, "result"));
        if (notFailed.isPresent()) {
            return notFailed;
        }
        boolean forcesMajor = item.has("forcesMajor") && item.get("forcesMajor").isJsonPrimitive() && item.get("forcesMajor").getAsBoolean();
        String grade = text(hazard, "grade");
        HazardGrade parsed = "MAJOR".equals(grade) ? HazardGrade.MAJOR : HazardGrade.GENERAL;
        Optional<LifecycleRefusal> refusal = HazardRules.checkChecklistItem(parsed, code, text(item, "result"), forcesMajor);
        return refusal.map(r -> new Refusal(r.reason().code(), "/" + r.field(), r.message()));
    }

    /**
     * The earliest day a time recorded in a record may fall on: the day 安全生产法 took effect
     * (art 119: "本法自2002年11月1日起施行"). Every inspection, danger, step and pledge the system
     * records is made under it, so an earlier date is a typing slip (1900, 0001), never evidence.
     */
    public static final LocalDate EARLIEST_EVENT_DAY = LocalDate.of(2002, 11, 1);

    /**
     * Why a unit's or a person's own name would be refused as it is now — blanks at its ends, or
     * a space other than U+0020 inside it, which make it look like another name (Unicode TR 36
     * §2.4) — said after the field's Chinese name (名称 of a unit, 姓名 of a person); empty when it
     * is sound. For names stored before the rule: an administrator finds and corrects them (a new
     * or changed name is refused by {@link #content}).
     */
    public static Optional<String> nameProblem(RecordType type, String name) {
        String problem = name == null ? null : HiddenCharacters.lookAlikeName(name);
        return problem == null ? Optional.<String>empty() : Optional.of(fieldName(type, "/name") + problem);
    }

    /**
     * What any record's content keeps at every save, on the device and the server alike:
     * <ul>
     *   <li>{@link #recordedTimes}: every time a person records (a field named {@code …At}, or a
     *       {@code date} of an event in a list) lies neither in the future beyond
     *       {@link #ALLOWED_CLOCK_SKEW} nor before {@link #EARLIEST_EVENT_DAY}
     *       ({@code date_out_of_order});</li>
     *   <li>{@link #visibleText}: no text is only blanks (spaces, tabs, 全角空格) ({@code invalid_record});</li>
     *   <li>{@link #plainText}: no new or changed text holds a control character or a bidirectional
     *       override or isolate, and no new name (of a unit, a person, an inspector, a signer; a
     *       danger's responsible person) has a blank at its ends or a look-alike space inside
     *       ({@code invalid_record});</li>
     *   <li>an inspection's seal is not older than the inspection ({@code date_out_of_order});</li>
     *   <li>{@link #signedContentKept}: once someone signed a record, its content changes only
     *       together with clearing the signatures (安全生产法 art 68: the signers sign what the
     *       record says) ({@code invalid_record}).</li>
     * </ul>
     *
     * @param before the record as stored before this save, or null for a new record
     * @param after  the record as it would be saved (schema-valid)
     * @param now    the checking clock's instant
     * @param zone   the zone a date's day is read in
     * @return the first refusal, or empty
     */
    public static Optional<Refusal> content(RecordType type, JsonObject before, JsonObject after, Instant now, ZoneId zone) {
        // blank text the record held before this rule is not refused again: the record could otherwise not be changed elsewhere
        java.util.Set<String> held = new java.util.HashSet<>();
        if (before != null) {
            strings(before, held);
        }
        Optional<Refusal> refusal = visibleText(type, after, "", held);
        if (!refusal.isPresent()) {
            refusal = plainText(type, before, after);
        }
        if (!refusal.isPresent()) {
            refusal = recordedTimes(after, "", now, zone);
        }
        if (!refusal.isPresent() && type == RecordType.INSPECTION) {
            refusal = sealAfterStart(after);
        }
        if (!refusal.isPresent() && type == RecordType.UNIT) {
            refusal = creditCode(before, after);
        }
        if (!refusal.isPresent() && before != null) {
            refusal = signedContentKept(before, after);
        }
        return refusal;
    }

    /**
     * A unit's 统一社会信用代码 as GB 32100-2015 lays it out, its check character included ({@link CreditCodes}): a new
     * or changed code only — one a unit held before this rule stays, so the unit can still be changed otherwise.
     *
     * @return {@code invalid_record} at {@code /creditCode} saying what is wrong, or empty
     */
    static Optional<Refusal> creditCode(JsonObject before, JsonObject after) {
        JsonElement code = after.get("creditCode");
        if (code == null || !code.isJsonPrimitive() || before != null && code.equals(before.get("creditCode"))) {
            return Optional.empty();
        }
        String fault = CreditCodes.fault(code.getAsString());
        return fault == null ? Optional.<Refusal>empty()
                : refuse("invalid_record", "/creditCode", Labels.name("fields", "creditCode") + "：" + fault);
    }

    /** Text of only blank characters, anywhere in the record (the schema asks only for one character). */
    public static Optional<Refusal> visibleText(JsonElement value, String pointer) {
        return visibleText(null, value, pointer, java.util.Collections.<String>emptySet());
    }

    /**
     * {@link #visibleText(JsonElement, String)} naming the field as the record's type calls it (a person's 姓名),
     * passing over the texts in {@code held} (what the record already held).
     */
    private static Optional<Refusal> visibleText(RecordType type, JsonElement value, String pointer, java.util.Set<String> held) {
        if (value instanceof JsonObject) {
            for (java.util.Map.Entry<String, JsonElement> e : ((JsonObject) value).entrySet()) {
                if (visiblyFine(e.getValue())) {
                    continue; // its pointer is written only for a refusal
                }
                Optional<Refusal> r = visibleText(type, e.getValue(), pointer + "/" + e.getKey(), held);
                if (r.isPresent()) {
                    return r;
                }
            }
        } else if (value instanceof JsonArray) {
            JsonArray items = (JsonArray) value;
            for (int i = 0; i < items.size(); i++) {
                if (visiblyFine(items.get(i))) {
                    continue;
                }
                Optional<Refusal> r = visibleText(type, items.get(i), pointer + "/" + i, held);
                if (r.isPresent()) {
                    return r;
                }
            }
        } else if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            String text = value.getAsString();
            if (!text.isEmpty() && onlyBlanks(text) && !held.contains(text)) {
                return refuse("invalid_record", pointer, fieldName(type, pointer) + "只有空格或制表符等空白字符，没有可见的文字；请填写内容");
            }
        }
        return Optional.empty();
    }

    /**
     * New or changed text holds no character that hides or reorders what it says: no C0 or C1 control
     * character (NUL, BEL, ESC …; tab, line feed and carriage return only in a multi-line field such as a
     * description), no bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069:
     * "Trojan Source", Unicode TR 36). Evidence is sealed and read by reviewers: what they see must be
     * what it holds. Text the record already held ({@code before}) is not checked again, so a record
     * stored before this rule can still be changed elsewhere.
     *
     * @param before the record as stored, or null for a new one
     * @return {@code invalid_record} naming the field in Chinese and the character, or empty
     */
    public static Optional<Refusal> plainText(JsonObject before, JsonObject after) {
        return plainText(null, before, after);
    }

    /** {@link #plainText(JsonObject, JsonObject)} naming the field as the record's type calls it (a person's 姓名). */
    private static Optional<Refusal> plainText(RecordType type, JsonObject before, JsonObject after) {
        java.util.Set<String> held = new java.util.HashSet<>();
        if (before != null) {
            strings(before, held);
        }
        return plainText(type, after, "", null, held, HiddenCharacters::multiLine, HiddenCharacters.NAME_FIELDS, "invalid_record");
    }

    /**
     * The text of a request that is not a record (a case's title, findings and notes; a user's display
     * name; a device's name; a revocation's reason) under the rule of {@link #plainText}: no C0 or C1
     * control character, no bidirectional control, no unpaired surrogate, in any string of the body,
     * at any depth. Line breaks and tabs are refused only in the members named in {@code oneLine} (a
     * name, a title: what a page shows on one line); elsewhere a request's text may run over lines, so
     * a note is never refused for its paragraphs.
     *
     * @param body    the parsed request body
     * @param oneLine member names whose text is one line
     * @return {@code hidden_character} with the JSON pointer, the field's Chinese name and the character, or empty
     */
    public static Optional<Refusal> requestText(JsonElement body, java.util.Set<String> oneLine) {
        return plainText(null, body, "", null, java.util.Collections.<String>emptySet(), field -> !oneLine.contains(field),
                java.util.Collections.<String>emptySet(), "hidden_character");
    }

    private static Optional<Refusal> plainText(RecordType type, JsonElement value, String pointer, String field, java.util.Set<String> held,
                                               java.util.function.Predicate<String> multiLine, java.util.Set<String> names, String code) {
        if (value instanceof JsonObject) {
            for (java.util.Map.Entry<String, JsonElement> e : ((JsonObject) value).entrySet()) {
                if (plainFine(e.getValue(), e.getKey(), held, multiLine, names)) {
                    continue; // its pointer is written only for a refusal
                }
                Optional<Refusal> r = plainText(type, e.getValue(), pointer + "/" + e.getKey(), e.getKey(), held, multiLine, names, code);
                if (r.isPresent()) {
                    return r;
                }
            }
        } else if (value instanceof JsonArray) {
            JsonArray items = (JsonArray) value;
            for (int i = 0; i < items.size(); i++) {
                if (plainFine(items.get(i), field, held, multiLine, names)) {
                    continue;
                }
                Optional<Refusal> r = plainText(type, items.get(i), pointer + "/" + i, field, held, multiLine, names, code);
                if (r.isPresent()) {
                    return r;
                }
            }
        } else if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() && !held.contains(value.getAsString())) {
            int c = HiddenCharacters.first(value.getAsString(), field != null && multiLine.test(field));
            if (c >= 0) {
                return refuse(code, pointer, fieldName(type, pointer) + HiddenCharacters.refusal(c) + "；请删除后重新输入");
            }
            String lookAlike = field != null && names.contains(field)
                    ? HiddenCharacters.lookAlikeName(value.getAsString()) : null;
            if (lookAlike != null) {
                return refuse(code, pointer, fieldName(type, pointer) + lookAlike);
            }
        }
        return Optional.empty();
    }

    private static void strings(JsonElement value, java.util.Set<String> into) {
        if (value instanceof JsonObject) {
            for (java.util.Map.Entry<String, JsonElement> e : ((JsonObject) value).entrySet()) {
                strings(e.getValue(), into);
            }
        } else if (value instanceof JsonArray) {
            for (JsonElement item : (JsonArray) value) {
                strings(item, into);
            }
        } else if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            into.add(value.getAsString());
        }
    }

    /** A value {@link #visibleText} has nothing to say about: no container, and no text of only blanks. */
    private static boolean visiblyFine(JsonElement value) {
        if (value == null || value.isJsonNull()) {
            return true;
        }
        if (!value.isJsonPrimitive()) {
            return false;
        }
        if (!value.getAsJsonPrimitive().isString()) {
            return true;
        }
        String text = value.getAsString();
        return text.isEmpty() || !onlyBlanks(text);
    }

    /** A value {@link #plainText} has nothing to say about: no container, and no new text with a hidden character. */
    private static boolean plainFine(JsonElement value, String field, java.util.Set<String> held,
                                     java.util.function.Predicate<String> multiLine, java.util.Set<String> names) {
        if (value == null || value.isJsonNull()) {
            return true;
        }
        if (!value.isJsonPrimitive()) {
            return false;
        }
        if (!value.getAsJsonPrimitive().isString() || held.contains(value.getAsString())) {
            return true;
        }
        return HiddenCharacters.first(value.getAsString(), field != null && multiLine.test(field)) < 0
                && (field == null || !names.contains(field) || HiddenCharacters.lookAlikeName(value.getAsString()) == null);
    }

    private static boolean onlyBlanks(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c) && c != '\u200b' && c != '\ufeff') {
                return false;
            }
        }
        return true;
    }

    /**
     * Every time a person records: a member named {@code …At} (foundAt, startedAt, endedAt,
     * signedAt, recordedAt, a rectification step's assessedAt/requestedAt/agreedAt, a pledge's
     * signedAt, a photo's capturedAt) or {@code date} (a re-inspection, a listing), read as an RFC
     * 3339 instant or a day. Deadlines and periods lie ahead by nature and are not read here.
     */
    public static Optional<Refusal> recordedTimes(JsonElement value, String pointer, Instant now, ZoneId zone) {
        if (value instanceof JsonObject) {
            for (java.util.Map.Entry<String, JsonElement> e : ((JsonObject) value).entrySet()) {
                String key = e.getKey();
                JsonElement v = e.getValue();
                if ((key.endsWith("At") || key.equals("date")) && v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
                    Optional<Refusal> r = recordedTime(v.getAsString(), pointer, key, now, zone);
                    if (r.isPresent()) {
                        return r;
                    }
                } else if (v instanceof JsonObject || v instanceof JsonArray) {
                    // (a value of no other kind holds no time: its pointer is not written)
                    Optional<Refusal> r = recordedTimes(v, pointer + "/" + key, now, zone);
                    if (r.isPresent()) {
                        return r;
                    }
                }
            }
        } else if (value instanceof JsonArray) {
            JsonArray items = (JsonArray) value;
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof JsonObject || items.get(i) instanceof JsonArray)) {
                    continue;
                }
                Optional<Refusal> r = recordedTimes(items.get(i), pointer + "/" + i, now, zone);
                if (r.isPresent()) {
                    return r;
                }
            }
        }
        return Optional.empty();
    }

    /** The recorded time {@code text} of member {@code key} of the object at {@code parent}. */
    private static Optional<Refusal> recordedTime(String text, String parent, String key, Instant now, ZoneId zone) {
        OffsetDateTime instant = dateTime(text);
        LocalDate day = instant != null ? instant.atZoneSameInstant(zone).toLocalDate() : date(text);
        if (day == null) {
            return Optional.empty(); // not a time: the schema decides
        }
        String pointer = parent + "/" + key;
        Instant latest = now.plus(ALLOWED_CLOCK_SKEW);
        boolean future = instant != null ? instant.toInstant().isAfter(latest) : day.isAfter(latest.atZone(zone).toLocalDate());
        if (future) {
            return refuse("date_out_of_order", pointer, fieldName(pointer) + " " + text + " 晚于现在：只能记录已经发生的事（允许时钟误差 "
                    + ALLOWED_CLOCK_SKEW.toMinutes() + " 分钟）；请核对日期和设备时间");
        }
        if (day.isBefore(EARLIEST_EVENT_DAY)) {
            return refuse("date_out_of_order", pointer, fieldName(pointer) + " " + text + " 早于 " + EARLIEST_EVENT_DAY
                    + "（安全生产法第一百一十九条：本法自2002年11月1日起施行），不可能是本系统记录的事；请核对年份");
        }
        return Optional.empty();
    }

    /** An inspection is sealed after it started. */
    private static Optional<Refusal> sealAfterStart(JsonObject inspection) {
        OffsetDateTime started = dateTime(text(inspection, "startedAt"));
        OffsetDateTime sealed = inspection.get("seal") instanceof JsonObject ? dateTime(text((JsonObject) inspection.get("seal"), "sealedAt")) : null;
        if (started != null && sealed != null && sealed.isBefore(started)) {
            return refuse("date_out_of_order", "/seal/sealedAt", "封存时间 " + text((JsonObject) inspection.get("seal"), "sealedAt")
                    + " 早于检查开始时间 " + text(inspection, "startedAt") + "：检查记录只能在检查开始后封存");
        }
        return Optional.empty();
    }

    /**
     * A record someone has signed keeps what they signed (安全生产法 art 68: the inspectors and
     * the unit's person in charge sign the record of what was found): a save that changes its
     * {@link SignedContent signed content} — any field but the signatures, the refusal to sign, the
     * status and the seal; the evidence photos are content, added or removed like any finding — is
     * refused while a signature given before it remains, or the witnessed refusal to sign recorded
     * before it. To correct a signed draft, clear the signatures ({@code "signatures": []}, and the
     * refusal, {@code "refusalToSign": null}) in the same edit and have everyone sign again. A
     * signature's handwritten image is named by the signature ({@code signatureImage}), never
     * added to {@code photos}.
     */
    public static Optional<Refusal> signedContentKept(JsonObject before, JsonObject after) {
        JsonArray signedBefore = array(before, "signatures");
        JsonElement refusal = before.get("refusalToSign");
        boolean refused = refusal != null && !refusal.isJsonNull();
        if (signedBefore.size() == 0 && !refused || SignedContent.of(before).equals(SignedContent.of(after))) {
            return Optional.empty();
        }
        List<String> changed = SignedContent.differences(before, after);
        String what = changed.equals(java.util.Collections.singletonList("photos")) ? "增加或删除照片" : "修改内容";
        JsonArray signedAfter = array(after, "signatures");
        for (JsonElement signature : signedBefore) {
            if (signedAfter.contains(signature)) {
                return refuse("invalid_record", "/signatures", "已有签字，" + what + "前须清除签字，并请各方重新签字（安全生产法第六十八条：签字确认的是记录的内容）");
            }
        }
        if (refused && refusal.equals(after.get("refusalToSign"))) {
            // the witnessed refusal was a refusal of this content: it is recorded again on the new one
            return refuse("invalid_record", "/refusalToSign", "已记录拒绝签字，" + what + "前须清除拒签记录（refusalToSign），"
                    + "并就修改后的内容重新请负责人签字或重新记录拒签（安全生产法第六十八条）");
        }
        return Optional.empty();
    }

    /**
     * The Chinese name of the field a pointer ends in, for a message, with the member's path after it
     * in brackets as every refusal gives a code (整改完成日期（rectificationCompletedAt）, 复查日期（reinspections/1/date））:
     * the console and the app leave the bracket out.
     */
    /**
     * The field as a person reads it: "挂牌督办 第 2 项 · 日期", not 日期（supervisionListing/1/date） — which
     * the console, leaving out the bracket, showed as a bare 日期 (a tester's finding). The pointer itself
     * goes with the refusal ({@link Refusal#pointer}).
     */
    private static String fieldName(String pointer) {
        return fieldName(null, pointer);
    }

    private static String fieldName(RecordType type, String pointer) {
        return PlainWords.fieldName(type, pointer.startsWith("/") ? pointer : "/" + pointer);
    }

    /**
     * A danger is raised from a failed item only ({@code item_not_failed}): one raised from an item
     * that passed or does not apply says exactly that, in the words of the item's result.
     */
    public static Optional<Refusal> itemNotFailed(String itemCode, String result) {
        if ("FAIL".equals(result)) {
            return Optional.empty();
        }
        String said = result == null ? "未填写" : Labels.find("checkResults", result).orElse(result);
        return refuse("item_not_failed", "/checklistItemCode", Labels.say("itemNotFailed", itemCode, said));
    }

    private static Optional<Refusal> refuse(String code, String pointer, String message) {
        return Optional.of(new Refusal(code, pointer, message));
    }

    private static OffsetDateTime dateTime(String text) {
        if (text == null) {
            return null;
        }
        try {
            return WireTimes.offsetDateTime(text);
        } catch (DateTimeParseException e) {
            return null; // the schema refuses it
        }
    }

    private static LocalDate date(String text) {
        if (text == null) {
            return null;
        }
        try {
            return WireTimes.localDate(text);
        } catch (DateTimeParseException e) {
            return null; // the schema refuses it
        }
    }
}

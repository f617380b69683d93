package cn.fieldsync.schemas;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every code a record can hold has a Chinese name in the one catalogue. */
class LabelsTest {

    @Test
    void namesACodeAndLeavesAnUnknownCodeVisibleAsItself() {
        assertThat(Labels.name("hazardStatus", "REGISTERED")).isEqualTo("已登记");
        assertThat(Labels.name("listingLevels", "CITY")).isEqualTo("市级");
        assertThat(Labels.name("hazardStatus", "NO_SUCH_STATUS")).isEqualTo("NO_SUCH_STATUS");
        assertThat(Labels.name("hazardStatus", null)).isEmpty();
        assertThatThrownBy(() -> Labels.name("noSuchSection", "X")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noSectionNamesACodeTwice() throws Exception {
        // a JSON parser keeps the last of two equal keys silently: two branches adding the same field
        // name would leave one of them quietly unused
        List<String> twice = new ArrayList<>();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(Labels.RESOURCE);
             JsonReader reader = new JsonReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.beginObject();
            while (reader.hasNext()) {
                String section = reader.nextName();
                if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                    reader.skipValue();
                    continue;
                }
                Set<String> codes = new TreeSet<>();
                reader.beginObject();
                while (reader.hasNext()) {
                    String code = reader.nextName();
                    reader.skipValue();
                    if (!codes.add(code)) {
                        twice.add(section + "." + code);
                    }
                }
                reader.endObject();
            }
        }
        assertThat(twice).isEmpty();
    }

    /**
     * What the server says when it refuses, and the device's reasons, are read by inspectors and
     * administrators: plain Chinese, with no request paths, codes or English words in them. The
     * one exception is the field an amendment names, which the command line's user writes. So is
     * what the audit verifier says when the log was tampered with ({@code auditBroken}): entry
     * numbers, ids, hashes, times and paths are its arguments.
     */
    @Test
    void refusalsAndReasonsArePlainChineseWithNoPathsOrEnglish() {
        List<String> notPlain = new ArrayList<>();
        for (String section : List.of("problems", "deviceReasons", "held", "auditBroken")) {
            Labels.section(section).forEach((key, text) -> {
                // a code or member name in brackets after its Chinese name, 事故性质（nature）, is for whoever
                // calls the API; the console and the app leave such brackets out of what they show
                String bare = text.replaceAll("\\{\\d}", "").replace("\"amends\"", "")
                        .replaceAll("（[A-Za-z_][A-Za-z0-9_./-]*）", "");
                if (bare.matches("(?s).*([A-Za-z]{2,}|/[a-z]).*")) {
                    notPlain.add(section + "." + key + ": " + text);
                }
            });
        }
        assertThat(notPlain).isEmpty();
        assertThat(Labels.name("deviceReasons", "illegal_transition")).as("fits any record, not only a danger").doesNotContain("隐患");
        assertThat(Labels.name("errors", "illegal_transition")).doesNotContain("隐患");
    }

    @Test
    void aSentenceIsFilledInOnePassSoThatAnArgumentIsNeverReadAsAPlaceholder() {
        assertThat(Labels.sayIn("auditBroken", "record_version_not_last", "rec-{1}-{2}", 3, 4))
                .isEqualTo("记录 rec-{1}-{2} 标明其当前为第 3 版，但存储的最新版本是第 4 版");
        assertThat(Labels.say("caseTooLong", "案件名称", 100, 120)).isEqualTo("案件名称最多 100 个字，现有 120 个字，请精简后再提交");
        assertThatThrownBy(() -> Labels.sayIn("auditBroken", "no_such_sentence")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWaitIsSaidInMinutesRoundedUp() {
        assertThat(ChineseDates.duration(40)).isEqualTo("40 秒");
        assertThat(ChineseDates.duration(898)).isEqualTo("15 分钟");
        assertThat(ChineseDates.duration(900)).isEqualTo("15 分钟");
        assertThat(ChineseDates.duration(3600)).isEqualTo("1 小时");
        assertThat(ChineseDates.duration(3900)).isEqualTo("1 小时 5 分钟");
    }

    @Test
    void everyEnumValueOfEveryRecordSchemaHasAName() throws Exception {
        Set<String> named = new TreeSet<>();
        Labels.json().entrySet().forEach(section -> named.addAll(section.getValue().getAsJsonObject().keySet()));
        List<String> missing = new ArrayList<>();
        for (RecordType type : RecordType.values()) {
            String file = type.schemaResource();
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(file)) {
                assertThat(in).as(file).isNotNull();
                collectEnums(JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)), file, named, missing);
            }
        }
        assertThat(missing).as("codes with no Chinese name in " + Labels.RESOURCE).isEmpty();
    }

    private static void collectEnums(JsonElement node, String where, Set<String> named, List<String> missing) {
        if (node.isJsonObject()) {
            JsonObject o = node.getAsJsonObject();
            if (o.has("enum")) {
                o.getAsJsonArray("enum").forEach(v -> {
                    if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString() && !named.contains(v.getAsString())) {
                        missing.add(where + ": " + v.getAsString());
                    }
                });
            }
            o.entrySet().forEach(e -> collectEnums(e.getValue(), where, named, missing));
        } else if (node.isJsonArray()) {
            node.getAsJsonArray().forEach(e -> collectEnums(e, where, named, missing));
        }
    }
}

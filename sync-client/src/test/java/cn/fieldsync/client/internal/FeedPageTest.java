package cn.fieldsync.client.internal;

import cn.fieldsync.client.ServerRefusedException;
import cn.fieldsync.client.ServerUnreachableException;
import cn.fieldsync.schemas.StrictJson;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A page of the change feed read in one pass stores exactly what the device stored when it parsed
 * the page into a tree and wrote each record back without its envelope, and refuses what that refused.
 */
class FeedPageTest {

    @Test
    void storesEachRecordAsTheTreeWithoutItsEnvelopeWritesIt() throws Exception {
        StringBuilder page = new StringBuilder("{\"changes\":[");
        List<JsonObject> records = new ArrayList<>();
        int seq = 0;
        for (Path file : examples()) {
            JsonObject example = StrictJson.parseObject(Files.readString(file));
            String name = file.getParent().getFileName().toString();
            example.addProperty("id", String.format("01a23261-765d-7d34-b282-%012d", seq));
            example.addProperty("type", name);
            example.addProperty("version", 3 + seq);
            example.addProperty("deleted", seq % 2 == 1);
            example.addProperty("createdAt", "2026-12-01T16:13:08.875Z");
            example.addProperty("updatedAt", "2026-12-01T16:13:08.875Z");
            example.addProperty("overdue", false);
            example.addProperty("note", "中文 \u2028 <b>&amp;</b> \"quoted\" \\ \u0001 \uD83D\uDE00");
            records.add(example);
            page.append(seq == 0 ? "" : ",").append("{\"seq\":").append(++seq).append(",\"record\":").append(example).append('}');
        }
        page.append(",{\"seq\":99,\"removed\":{\"id\":\"gone\"}}],\"nextCursor\":\"99\",\"hasMore\":true,\"scope\":\"s1\"}");
        assertThat(records).isNotEmpty();

        FeedPage read = FeedPage.read(page.toString());

        assertThat(read.changes).hasSize(records.size() + 1);
        for (int i = 0; i < records.size(); i++) {
            JsonObject record = StrictJson.parseObject(records.get(i).toString());
            FeedPage.Change change = read.changes.get(i);
            assertThat(change.removed).isFalse();
            assertThat(change.id).isEqualTo(record.get("id").getAsString());
            assertThat(change.type).isEqualTo(record.get("type").getAsString());
            assertThat(change.version).isEqualTo(record.get("version").getAsInt());
            assertThat(change.deleted).isEqualTo(record.get("deleted").getAsBoolean());
            assertThat(change.body).isEqualTo(Records.stripEnvelope(record).toString());
        }
        FeedPage.Change removal = read.changes.get(records.size());
        assertThat(removal.removed).isTrue();
        assertThat(removal.id).isEqualTo("gone");
        assertThat(read.nextCursor).isEqualTo("99");
        assertThat(read.hasMore).isTrue();
        assertThat(read.reset).isFalse();
        assertThat(read.scope).isEqualTo("s1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"changes\":[],\"nextCursor\":\"1\",\"nextCursor\":\"2\"}",
            "{\"changes\":[{\"seq\":1,\"record\":{\"id\":\"a\",\"type\":\"unit\",\"version\":1,\"deleted\":false,\"name\":\"x\",\"name\":\"y\"}}],\"nextCursor\":\"1\"}",
            "{\"changes\":[{\"seq\":1,\"record\":{\"id\":\"a\",\"id\":\"b\",\"type\":\"unit\",\"version\":1,\"deleted\":false}}],\"nextCursor\":\"1\"}",
            "{\"changes\":[{\"seq\":1,\"record\":{\"id\":\"a\",\"type\":\"unit\",\"version\":1,\"deleted\":false,\"o\":{\"k\":1,\"k\":2}}}],\"nextCursor\":\"1\"}",
            "{\"changes\":[],\"nextCursor\":\"1\"} trailing",
            "{\"changes\":[,],\"nextCursor\":\"1\"}",
            "<html>502 Bad Gateway</html>",
            ""})
    void refusesWhatIsNotStrictJsonAsAGarbledAnswer(String text) {
        assertThatThrownBy(() -> FeedPage.read(text)).isInstanceOf(ServerUnreachableException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"changes\":[]}",
            "{\"nextCursor\":\"1\"}",
            "{\"changes\":{},\"nextCursor\":\"1\"}",
            "{\"changes\":[{\"seq\":1}],\"nextCursor\":\"1\"}",
            "{\"changes\":[{\"seq\":1,\"record\":{\"type\":\"unit\",\"version\":1,\"deleted\":false}}],\"nextCursor\":\"1\"}",
            "{\"changes\":[{\"seq\":1,\"removed\":{}}],\"nextCursor\":\"1\"}"})
    void aPageWithoutWhatTheDeviceNeedsIsRetried(String text) {
        assertThatThrownBy(() -> FeedPage.read(text)).isInstanceOf(ServerRefusedException.class)
                .satisfies(e -> assertThat(((ServerRefusedException) e).retriable()).isTrue());
    }

    /** Every record of the JSON Schemas' examples (valid and invalid alike: the feed's text is what is compared). */
    private static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("../schemas/src/main/resources/schemas/examples"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
    }
}

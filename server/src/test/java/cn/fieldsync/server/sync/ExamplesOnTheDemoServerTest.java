package cn.fieldsync.server.sync;

import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.SchemaExamples;
import cn.fieldsync.server.demo.DemoData;
import cn.fieldsync.server.testing.Cli;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.TestDatabases;
import cn.fieldsync.server.testing.TestUsers;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: a new user who copies the example documents under {@code schemas/} onto the demo server
 * succeeds. The demo inspector (张明) enrols a device with the command line, records every valid
 * inspection, hidden-danger and pledge example straight from its file in the source tree, and syncs:
 * every one is applied at the demo's units; those naming a photo or a signature image wait for its
 * file (shown as waiting, never refused) until the device is given it.
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/examples-demo")
@AddConfig(key = "fieldsync.db.schema", value = "examples_demo")
@AddConfig(key = "fieldsync.demo-data", value = "true")
class ExamplesOnTheDemoServerTest {

    /** Where a user finds the examples in a clone (the server module's tests run in {@code server/}). */
    private static final Path EXAMPLES = Path.of("..", "schemas", "src", "main", "resources", "schemas");

    @Inject
    WebTarget target;

    @Test
    void everyRecordExampleCopiedOntoTheDemoServerIsRecordedAndSyncedByTheDemoInspector() throws Exception {
        Path store = TestDatabases.freshDirectory("examples-demo-store");
        Cli.Result init = Cli.run("init", "--store", store.toString(), "--server", target.getUri().toString(),
                "--device-name", "平板-A", "--user", DemoData.INSPECTOR_USER, "--password", DemoData.INSPECTOR_PASSWORD);
        assertThat(init.exitCode()).as(init.output()).isZero();

        Map<String, String> created = new LinkedHashMap<>();
        for (RecordType type : List.of(RecordType.INSPECTION, RecordType.HAZARD, RecordType.PLEDGE)) {
            for (String example : SchemaExamples.of(type, true)) {
                Path file = EXAMPLES.resolve(example);
                assertThat(file).as("the example a user copies").exists();
                Cli.Result made = Cli.run("new", type.wireName(), "--file", file.toString(), "--store", store.toString());
                assertThat(made.exitCode()).as(example + ": " + made.output()).isZero();
                created.put(made.output().strip().lines().reduce((a, b) -> b).orElseThrow(), example);
            }
        }
        assertThat(created).hasSizeGreaterThanOrEqualTo(6);

        Cli.Result sync = Cli.run("sync", "--store", store.toString());
        // the examples that name a photo or a signature image wait for its file, shown as waiting, never refused
        Map<String, String> naming = new LinkedHashMap<>(created);
        naming.values().removeIf(example -> !SchemaExamples.read(example).contains(SchemaExamples.ATTACHMENT_SHA256));
        assertThat(sync.exitCode()).as(sync.output()).isZero(); // waiting for a file is not a refusal
        assertThat(sync.output()).contains("waiting " + naming.size());
        String attention = Cli.run("attention", "--store", store.toString()).output();
        assertThat(attention).doesNotContain("需处理");
        naming.keySet().forEach(id -> assertThat(attention).contains(id).contains("等待附件"));

        // the device is given the file (a user attaches it), and they go too
        Path file = Files.write(Files.createTempFile(Path.of("target"), "example", ".txt"), SchemaExamples.attachmentContent());
        for (String id : naming.keySet()) {
            Cli.Result attached = Cli.run("attach", id, file.toString(), "--store", store.toString(), "--media-type", "image/jpeg");
            assertThat(attached.exitCode()).as(attached.output()).isZero();
        }
        Cli.Result again = Cli.run("sync", "--store", store.toString());
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(Cli.run("attention", "--store", store.toString()).output()).contains("nothing needs your attention");
        var admin = TestUsers.admin(target.getUri());
        created.forEach((id, example) -> {
            RecordType type = RecordType.fromWireName(example.split("/")[1]).orElseThrow();
            var stored = admin.get("/api/" + type.collection() + "/" + id);
            assertThat(stored.status()).as(example).isEqualTo(200);
        });
        // the examples record at the demo's 栖霞市鑫源化工有限公司
        assertThat(admin.get("/api/hazards?unit=" + DemoData.CHEMICAL_CO + "&limit=100").body())
                .contains(created.keySet().stream().filter(id -> created.get(id).contains("/hazard/")).findFirst().orElseThrow());
    }
}

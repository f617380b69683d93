package cn.fieldsync.server.evidence;

import cn.fieldsync.client.FieldStore;
import cn.fieldsync.client.SyncListener;
import cn.fieldsync.client.bundle.BundleVerifier;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestUsers;
import cn.fieldsync.server.testing.TestDatabases;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** An evidence bundle exported over HTTP verifies offline, and any single changed byte is found. */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/bundle-api")
@AddConfig(key = "fieldsync.db.schema", value = "bundle_api")
class BundleApiTest {

    private static final int FLIPS = Integer.getInteger("fieldsync.test.bundle-flips", 40);

    @Inject
    WebTarget target;

    @Test
    void aBundleVerifiesOfflineAndEveryChangedByteIsFound() throws Exception {
        Http http = TestUsers.admin(target.getUri());
        String unit = http.post("/api/units", "{\"name\":\"某化工公司\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        Path dir = TestDatabases.freshDirectory("bundle-files");
        Files.createDirectories(dir);
        String id;
        try (FieldStore device = FieldStore.open(dir.resolve("store"))) {
            TestUsers.init(http, device, "zhangming");
            id = device.create(RecordType.INSPECTION, StrictJson.parseObject("""
                    {"unitId":"%s","startedAt":"2026-11-20T09:00:00+08:00","place":{"address":"栖霞市经济开发区"},
                     "inspectors":[{"name":"张明","certificateNumber":"鲁应急执字37068600123"},{"name":"刘洋","certificateNumber":"鲁应急执字37068600456"}],
                     "findings":["消防通道堵塞"]}""".formatted(unit)));
            // the photos before the signatures: a signer confirms the photos too (安全生产法 art 68)
            device.attach(id, write(dir, "photo-1.jpg", "照片一"), "image/jpeg", null, null);
            device.attach(id, write(dir, "photo-2.jpg", "照片二"), "image/jpeg", null, null);
            device.edit(id, "{\"signatures\":[{\"role\":\"INSPECTOR\",\"name\":\"张明\",\"signedAt\":\"2026-11-20T11:00:00+08:00\"},"
                    + "{\"role\":\"INSPECTOR\",\"name\":\"刘洋\",\"signedAt\":\"2026-11-20T11:00:00+08:00\"}]}");
            device.seal(id, "李建国", "董事长", write(dir, "signature.png", "签名"));
            device.sync(SyncListener.NONE);
        }

        HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(target.getUri().resolve("/api/bundles"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + http.token())
                .POST(HttpRequest.BodyPublishers.ofString("{\"recordIds\":[\"" + id + "\"]}")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/zip"));
        Path bundle = dir.resolve("bundle.zip");
        Files.write(bundle, answer.body());

        String exported = answer.headers().firstValue("X-Fieldsync-Bundle-Sha256").orElseThrow();
        List<BundleVerifier.Item> items = BundleVerifier.verify(bundle, exported);
        assertThat(items).allSatisfy(i -> assertThat(i.ok()).as(i.path() + ": " + i.comment()).isTrue());
        assertThat(items).extracting(BundleVerifier.Item::path)
                .contains("records/" + id + ".json", "history/" + id + ".json", "电子签章：records/" + id + ".json")
                .filteredOn(p -> p.startsWith("attachments/")).hasSize(3);
        assertThat(items).extracting(BundleVerifier.Item::path).filteredOn(p -> p.startsWith("keys/")).hasSize(1);

        byte[] original = answer.body();
        Random random = new Random(Long.getLong("fieldsync.test.seed", 20261127L));
        for (int flip = 0; flip < FLIPS; flip++) {
            byte[] changed = original.clone();
            int at = flip == 0 ? 0 : flip == 1 ? changed.length - 1 : random.nextInt(changed.length);
            changed[at] ^= (byte) (1 + random.nextInt(255));
            Path broken = dir.resolve("broken.zip");
            Files.write(broken, changed);
            assertThat(BundleVerifier.verify(broken, exported)).as("byte %d changed", at).anyMatch(i -> !i.ok());
        }
        assertThat(http.get("/api/audit?actor=admin").body()).contains("BUNDLE_EXPORTED").contains(exported);

        // without the exported hash: a well-formed ZIP with one photo's bytes swapped is named...
        Path swapped = dir.resolve("swapped.zip");
        rezip(bundle, swapped, name -> name.startsWith("attachments/"), bytes -> "另一张照片".getBytes(StandardCharsets.UTF_8), false);
        assertThat(BundleVerifier.verify(swapped)).filteredOn(i -> !i.ok())
                .anySatisfy(i -> assertThat(i.comment()).startsWith("被改动：其 SHA-256 为"));
        // ...and so is a record edited after sealing, even when the manifest is rewritten to match
        Path forged = dir.resolve("forged.zip");
        rezip(bundle, forged, name -> name.equals("records/" + id + ".json"),
                bytes -> new String(bytes, StandardCharsets.UTF_8).replace("消防通道堵塞", "未发现问题").getBytes(StandardCharsets.UTF_8), true);
        // (the audit trail says so too: the record is not the version its audit entry recorded)
        assertThat(BundleVerifier.verify(forged)).filteredOn(i -> !i.ok()).extracting(BundleVerifier.Item::path)
                .containsExactlyInAnyOrder("电子签章：records/" + id + ".json", "审计记录：records/" + id + ".json", "内容比对：records/" + id + ".json");
        // and what was changed is named, against the same version in the bundle's history (a tester's finding: it said only that)
        assertThat(BundleVerifier.verify(forged)).filteredOn(i -> i.path().equals("内容比对：records/" + id + ".json")).singleElement()
                .satisfies(i -> assertThat(i.comment()).matches("与证据包中该记录历史的第 \\d+ 版不同，改动的字段：检查发现"));
        // the audit proof holds against the server's key, pinned
        String serverKey = http.get("/api/audit/key").json().get("publicKey").getAsString();
        assertThat(BundleVerifier.verify(bundle, exported, serverKey)).allSatisfy(i -> assertThat(i.ok()).as(i.path() + ": " + i.comment()).isTrue())
                .extracting(BundleVerifier.Item::path).contains("服务器审计密钥", "审计记录：records/" + id + ".json");
        // a checkpoint's signing time reads in Beijing time, with the exact instant it signed beside it (not bare UTC)
        assertThat(BundleVerifier.verify(bundle, exported, serverKey)).filteredOn(i -> i.path().startsWith("审计检查点"))
                .isNotEmpty().allSatisfy(i -> assertThat(i.comment()).matches(".*签署时间（北京时间）\\d{4}年\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2}（\\d{4}-.*Z）.*"));
    }

    /**
     * Issue 12 item 9: a hazard cannot be sealed, but its bundle still proves it. Whoever edits the
     * hazard and its history in the bundle — rewriting the manifest, even the audit entries — is
     * found, unless they hold the server's audit key.
     */
    @Test
    void anUnsealedHazardsBundleProvesItsContentThroughTheAuditLog() throws Exception {
        Http http = TestUsers.admin(target.getUri());
        String unit = http.post("/api/units", "{\"name\":\"某隐患单位\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        String hazard = http.post("/api/hazards", """
                {"unitId":"%s","grade":"MAJOR","category":"FIRE","description":"消防通道堵塞",
                 "location":{"lat":37.3,"lon":120.8,"accuracyM":8,"address":"栖霞市"},
                 "foundAt":"2026-11-20T09:30:00Z","deadline":"2026-11-27","responsiblePerson":"王某"}""".formatted(unit)).field("id");
        http.patch("/api/hazards/" + hazard, "{\"responsiblePerson\":\"王强\"}", "\"1\"");
        HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(target.getUri().resolve("/api/bundles"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + http.token())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"recordIds\":[\"" + hazard + "\"]}")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        Path dir = TestDatabases.freshDirectory("bundle-hazard");
        Files.createDirectories(dir);
        Path bundle = dir.resolve("hazard.zip");
        Files.write(bundle, answer.body());
        String serverKey = http.get("/api/audit/key").json().get("publicKey").getAsString();
        assertThat(BundleVerifier.verify(bundle, null, serverKey)).allSatisfy(i -> assertThat(i.ok()).as(i.path() + ": " + i.comment()).isTrue())
                .filteredOn(i -> i.path().equals("审计记录：records/" + hazard + ".json"))
                .singleElement().satisfies(i -> assertThat(i.comment()).contains("共 2 个版本，2 个与审计条目记载的 SHA-256 一致"));

        // the record taken out whole, manifest and all: the audit proof still holds its entries (a tester's finding)
        Path removed = dir.resolve("removed.zip");
        withoutRecord(bundle, removed, hazard);
        assertThat(BundleVerifier.verify(removed, null, serverKey)).filteredOn(i -> !i.ok()).singleElement()
                .satisfies(i -> assertThat(i.comment()).contains("证据包中却没有这条记录"));

        // the record and its history edited alike, the manifest rewritten to match
        Path edited = dir.resolve("edited.zip");
        rezip(bundle, edited, name -> name.equals("records/" + hazard + ".json") || name.equals("history/" + hazard + ".json"),
                bytes -> new String(bytes, StandardCharsets.UTF_8).replace("消防通道堵塞", "未发现问题").getBytes(StandardCharsets.UTF_8), true);
        assertThat(BundleVerifier.verify(edited, null, serverKey)).filteredOn(i -> !i.ok()).singleElement()
                .satisfies(i -> assertThat(i.comment()).contains("历史中的第", "版被改动"));

        // ...and the audit entries' contentSha256 rewritten and re-hashed too: the chain no longer reaches the signed checkpoint
        Path rehashed = dir.resolve("rehashed.zip");
        rezip(edited, rehashed, name -> name.equals("audit/audit.json"), bytes -> {
            try {
                com.google.gson.JsonObject proof = StrictJson.parseObject(new String(bytes, StandardCharsets.UTF_8));
                for (var element : proof.getAsJsonArray("entries")) {
                    com.google.gson.JsonObject item = element.getAsJsonObject();
                    com.google.gson.JsonObject detail = item.getAsJsonObject("entry").getAsJsonObject("detail");
                    if (detail.has("contentSha256")) {
                        int version = detail.get("version").getAsInt();
                        byte[] history = null;
                        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(edited))) {
                            java.util.zip.ZipEntry e;
                            while ((e = in.getNextEntry()) != null) {
                                if (e.getName().equals("history/" + hazard + ".json")) {
                                    history = in.readAllBytes();
                                }
                            }
                        }
                        var versions = StrictJson.parseObject(new String(history, StandardCharsets.UTF_8)).getAsJsonArray("versions");
                        detail.addProperty("contentSha256", cn.fieldsync.schemas.CanonicalJson.sha256(versions.get(version - 1)));
                        String text = cn.fieldsync.schemas.CanonicalJson.of(item.getAsJsonObject("entry"));
                        item.addProperty("hash", cn.fieldsync.schemas.AuditChain.chain(item.get("prevHash").getAsString(), text, 2));
                    }
                }
                return proof.toString().getBytes(StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, true);
        assertThat(BundleVerifier.verify(rehashed, null, serverKey)).filteredOn(i -> !i.ok()).singleElement()
                .satisfies(i -> assertThat(i.comment()).contains("起的链条"));

        // a bundle whose proof was re-signed with another key fails against the pinned server key
        String otherKey = cn.fieldsync.schemas.Sealing.encode(java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic());
        assertThat(BundleVerifier.verify(bundle, null, otherKey)).filteredOn(i -> !i.ok()).singleElement()
                .satisfies(i -> assertThat(i.path()).isEqualTo("服务器审计密钥"));
    }

    @Inject
    BundleService bundles;

    /**
     * A tester's finding: a bundle exported while its record was edited failed verify-bundle (审计日志第 N
     * 条之后，证据包中没有任何已签名的检查点) — the new version's audit entry came in after the checkpoint
     * the bundle carries. The bundle proves the record as it was read; an edit in between and edits
     * running beside exports over HTTP leave every bundle verifiable.
     */
    @Test
    void aBundleExportedWhileItsRecordIsEditedStillVerifies() throws Exception {
        Http http = TestUsers.admin(target.getUri());
        String unit = http.post("/api/units", "{\"name\":\"某编辑中单位\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"370686\"}").field("id");
        String hazard = http.post("/api/hazards", """
                {"unitId":"%s","grade":"GENERAL","category":"FIRE","description":"灭火器过期",
                 "location":{"lat":37.3,"lon":120.8,"accuracyM":8,"address":"栖霞市"},
                 "foundAt":"2026-11-20T09:30:00Z","deadline":"2026-11-27","responsiblePerson":"王某"}""".formatted(unit)).field("id");
        String serverKey = http.get("/api/audit/key").json().get("publicKey").getAsString();
        Path dir = TestDatabases.freshDirectory("bundle-edited");
        Files.createDirectories(dir);

        // the record read, then edited before the bundle is written: the bundle holds version 1 whole
        List<cn.fieldsync.server.record.StoredRecord> read = bundles.records(cn.fieldsync.server.identity.Scope.ALL, List.of(hazard));
        http.patch("/api/hazards/" + hazard, "{\"responsiblePerson\":\"王强\"}", "\"1\"");
        BundleService.Export export = bundles.export(read, "admin");
        try {
            assertThat(BundleVerifier.verify(export.file(), export.sha256(), serverKey))
                    .allSatisfy(i -> assertThat(i.ok()).as(i.path() + ": " + i.comment()).isTrue())
                    .filteredOn(i -> i.path().equals("审计记录：records/" + hazard + ".json"))
                    .singleElement().satisfies(i -> assertThat(i.comment()).contains("共 1 个版本"));
        } finally {
            Files.deleteIfExists(export.file());
        }

        // a record named twice is in the bundle once (it was a 500: a ZIP duplicate entry)
        HttpResponse<byte[]> twice = HttpClient.newHttpClient().send(HttpRequest.newBuilder(target.getUri().resolve("/api/bundles"))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + http.token())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"recordIds\":[\"" + hazard + "\",\"" + hazard + "\"]}")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(twice.statusCode()).isEqualTo(200);
        Path both = dir.resolve("twice.zip");
        Files.write(both, twice.body());
        assertThat(BundleVerifier.verify(both, twice.headers().firstValue("X-Fieldsync-Bundle-Sha256").orElseThrow(), serverKey))
                .allSatisfy(i -> assertThat(i.ok()).as(i.path() + ": " + i.comment()).isTrue());

        // exports over HTTP while another thread keeps editing the record: every one verifies
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread editor = Thread.ofPlatform().start(() -> {
            for (int v = 2; !done.get() && v < 200; v++) {
                http.patch("/api/hazards/" + hazard, "{\"responsiblePerson\":\"王强" + v + "\"}", "\"" + v + "\"");
            }
        });
        try {
            for (int round = 0; round < 12; round++) {
                HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(target.getUri().resolve("/api/bundles"))
                                .header("Content-Type", "application/json").header("Authorization", "Bearer " + http.token())
                                .POST(HttpRequest.BodyPublishers.ofString("{\"recordIds\":[\"" + hazard + "\"]}")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(answer.statusCode()).isEqualTo(200);
                Path bundle = dir.resolve("round-" + round + ".zip");
                Files.write(bundle, answer.body());
                assertThat(BundleVerifier.verify(bundle, answer.headers().firstValue("X-Fieldsync-Bundle-Sha256").orElseThrow(), serverKey))
                        .as("round %d", round).allSatisfy(i -> assertThat(i.ok()).as(i.path() + ": " + i.comment()).isTrue());
            }
        } finally {
            done.set(true);
            editor.join();
        }
        assertThat(http.get("/api/hazards/" + hazard).json().get("version").getAsInt()).as("the editor ran beside the exports").isGreaterThan(2);
    }

    @Test
    void aBundleOfUnknownRecordsOrOfACaseIsRefusedWithAProblem() {
        Http http = TestUsers.admin(target.getUri());
        Http.Answer unknown = http.post("/api/bundles", "{\"recordIds\":[\"0190a1b2-0000-7000-8000-0000000fffff\"]}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.field("field")).isEqualTo("/recordIds/0");
        assertThat(http.post("/api/bundles", "{\"caseId\":\"x\"}").field("code")).isEqualTo("not_found");
        assertThat(http.post("/api/bundles", "{\"recordIds\":[\"../etc\"]}").field("code")).isEqualTo("invalid_parameter");
        assertThat(http.post("/api/bundles", "{\"recordIds\":[]}").field("code")).isEqualTo("invalid_parameter");
    }

    /** Copies a bundle, changing the entries chosen; with fixManifest, rewrites their manifest hashes too. */
    /** The bundle with a record taken out whole: its files and its lines in the manifest. */
    private static void withoutRecord(Path from, Path to, String id) throws Exception {
        java.util.Map<String, byte[]> entries = readZip(from);
        entries.keySet().removeIf(name -> name.contains(id));
        com.google.gson.JsonObject manifest = StrictJson.parseObject(new String(entries.get("manifest.json"), StandardCharsets.UTF_8));
        for (String list : List.of("files", "records")) {
            com.google.gson.JsonArray kept = new com.google.gson.JsonArray();
            manifest.getAsJsonArray(list).forEach(e -> {
                if (!e.toString().contains(id)) {
                    kept.add(e);
                }
            });
            manifest.add(list, kept);
        }
        entries.put("manifest.json", manifest.toString().getBytes(StandardCharsets.UTF_8));
        writeZip(to, entries);
    }

    private static java.util.Map<String, byte[]> readZip(Path from) throws Exception {
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(from))) {
            java.util.zip.ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static void writeZip(Path to, java.util.Map<String, byte[]> entries) throws Exception {
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(to))) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }

    private static void rezip(Path from, Path to, java.util.function.Predicate<String> which,
                              java.util.function.UnaryOperator<byte[]> change, boolean fixManifest) throws Exception {
        java.util.Map<String, byte[]> entries = readZip(from);
        entries.replaceAll((name, bytes) -> which.test(name) ? change.apply(bytes) : bytes);
        if (fixManifest) {
            com.google.gson.JsonObject manifest = StrictJson.parseObject(new String(entries.get("manifest.json"), StandardCharsets.UTF_8));
            for (var file : manifest.getAsJsonArray("files")) {
                com.google.gson.JsonObject f = file.getAsJsonObject();
                byte[] bytes = entries.get(f.get("path").getAsString());
                f.addProperty("sha256", java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
                f.addProperty("size", bytes.length);
            }
            entries.put("manifest.json", manifest.toString().getBytes(StandardCharsets.UTF_8));
        }
        writeZip(to, entries);
    }

    private static Path write(Path dir, String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, cn.fieldsync.server.testing.TestAttachments.image(name, content));
        return file;
    }
}

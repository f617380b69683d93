package cn.fieldsync.client;

import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Uuids;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, case 7: one {@link FieldStore} shared by threads (a background sync while the
 * inspector writes) keeps every transaction whole.
 */
class FieldStoreThreadsTest {

    @Test
    void aFailedBulkImportLeavesNothingBehindWhileAnotherThreadWrites(@TempDir Path dir) throws Exception {
        try (FieldStore store = FieldStore.open(dir)) {
            String unit = Uuids.v7();
            List<JsonObject> documents = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                documents.add(hazard(unit, "导入的隐患 " + i));
            }
            JsonObject duplicate = hazard(unit, "重复编号");
            duplicate.addProperty("id", Uuids.v7());
            documents.add(0, duplicate.deepCopy());
            documents.add(duplicate);

            CountDownLatch started = new CountDownLatch(1);
            AtomicReference<Throwable> importFailure = new AtomicReference<>();
            Thread importer = new Thread(() -> {
                started.countDown();
                try {
                    store.createAll(RecordType.HAZARD, documents);
                } catch (Throwable t) {
                    importFailure.set(t);
                }
            });
            AtomicInteger written = new AtomicInteger();
            Thread inspector = new Thread(() -> {
                try {
                    started.await();
                    for (int i = 0; i < 50; i++) {
                        store.create(RecordType.HAZARD, hazard(unit, "现场录入 " + i));
                        written.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            importer.start();
            inspector.start();
            importer.join();
            inspector.join();

            assertThat(importFailure.get()).isInstanceOf(FieldsyncException.class).hasMessageContaining("exists already");
            assertThat(written.get()).isEqualTo(50);
            assertThat(store.list(RecordType.HAZARD)).hasSize(50)
                    .allSatisfy(r -> assertThat(r.body().get("description").getAsString()).startsWith("现场录入"));
            assertThat(store.status().pendingOperations()).isEqualTo(50);
        }
    }

    /** Two processes on one store (a sync in the background, an edit on the command line): no write fails or is lost. */
    @Test
    void editsSucceedWhileAnotherConnectionWritesTheSameStore(@TempDir Path dir) throws Exception {
        String unit = Uuids.v7();
        try (FieldStore importer = FieldStore.open(dir); FieldStore inspector = FieldStore.open(dir)) {
            String edited = inspector.create(RecordType.HAZARD, hazard(unit, "现场录入"));
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread background = new Thread(() -> {
                try {
                    for (int round = 0; round < 20; round++) {
                        List<JsonObject> batch = new ArrayList<>();
                        for (int i = 0; i < 100; i++) {
                            batch.add(hazard(unit, "批量 " + round + "-" + i));
                        }
                        importer.createAll(RecordType.HAZARD, batch);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            background.start();
            for (int i = 0; i < 40; i++) {
                inspector.edit(edited, java.util.Map.of("responsiblePerson", new com.google.gson.JsonPrimitive("责任人" + i)));
            }
            background.join();
            assertThat(failure.get()).isNull();
            assertThat(inspector.get(edited).orElseThrow().body().get("responsiblePerson").getAsString()).isEqualTo("责任人39");
            assertThat(inspector.get(edited).orElseThrow().pending()).isEqualTo(41);
            assertThat(inspector.list(RecordType.HAZARD)).hasSize(2_001);
        }
    }

    private static JsonObject hazard(String unit, String description) {
        JsonObject hazard = new JsonObject();
        hazard.addProperty("unitId", unit);
        hazard.addProperty("grade", "GENERAL");
        hazard.addProperty("category", "FIRE");
        hazard.addProperty("description", description);
        hazard.addProperty("foundAt", "2026-11-20T09:30:00+08:00");
        hazard.addProperty("deadline", "2026-12-20");
        hazard.addProperty("responsiblePerson", "王某");
        return hazard;
    }
}

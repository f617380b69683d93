package cn.fieldsync.server.record;

import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.schemas.RecordSchemas;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.SchemaExamples;
import cn.fieldsync.server.demo.DemoData;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import cn.fieldsync.server.persistence.Database;
import cn.fieldsync.server.persistence.DatabaseSettings;
import cn.fieldsync.server.attachment.FileAttachmentStore;
import cn.fieldsync.server.testing.TestAttachments;
import cn.fieldsync.server.testing.TestDatabases;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The same persistence tests on every database of the run (SQLite always, PostgreSQL in CI). */
class RecordStoreTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T02:00:00Z"), ZoneOffset.UTC);

    private static final FileAttachmentStore ATTACHMENTS =
            TestAttachments.withExampleContent(TestDatabases.freshDirectory("store-attachments"));

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyRecordTypeRoundTripsAndSurvivesARestart(String kind, TestInfo info) {
        DatabaseSettings settings = TestDatabases.fresh(kind, "store_round_trip");
        Map<String, JsonObject> written = new LinkedHashMap<>();
        try (Database db = Database.open(settings)) {
            RecordService records = new RecordService(db, CLOCK, ZONE, ATTACHMENTS);
            DemoData.seedUnitsAndPeople(records); // the units and people the examples name
            for (RecordType type : RecordType.values()) {
                for (String path : SchemaExamples.of(type, true)) {
                    JsonObject document = parse(SchemaExamples.read(path));
                    StoredRecord stored = records.create(Caller.SYSTEM, type, document);
                    assertThat(stored.version()).as(path).isEqualTo(1);
                    assertThat(RecordSchemas.get().validate(type, stored.toJson().toString())).as(path).isEmpty();
                    JsonObject read = records.get(Caller.SYSTEM, type, stored.id()).toJson();
                    for (String field : document.keySet()) {
                        assertThat(read.get(field)).as(path + " " + field).isEqualTo(document.get(field));
                    }
                    written.put(type.wireName() + "/" + stored.id(), read);
                }
            }
        }
        // A new Database on the same file or schema: Flyway finds it current, and nothing is lost.
        try (Database db = Database.open(settings)) {
            RecordService records = new RecordService(db, CLOCK, ZONE, ATTACHMENTS);
            written.forEach((key, before) -> {
                RecordType type = RecordType.fromWireName(key.split("/")[0]).orElseThrow();
                assertThat(records.get(Caller.SYSTEM, type, key.split("/")[1]).toJson()).isEqualTo(before);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyChangeKeepsTheVersionBefore(String kind) {
        try (Database db = Database.open(TestDatabases.fresh(kind, "store_versions"))) {
            RecordService records = new RecordService(db, CLOCK, ZONE, ATTACHMENTS);
            String unit = createUnit(records, "370686");
            StoredRecord hazard = records.create(Caller.SYSTEM, RecordType.HAZARD, generalHazard(unit, "2026-11-20"));
            StoredRecord rectified = records.patch(Caller.SYSTEM, RecordType.HAZARD, hazard.id(), parse("{\"status\":\"RECTIFIED\",\"rectificationCompletedAt\":\"2026-11-20\"}"), 1);
            assertThat(rectified.version()).isEqualTo(2);
            assertThat(records.history(Caller.SYSTEM, RecordType.HAZARD, hazard.id()))
                    .extracting(v -> v.get("status").getAsString()).containsExactly("REGISTERED", "RECTIFIED");
            assertThatThrownBy(() -> records.patch(Caller.SYSTEM, RecordType.HAZARD, hazard.id(), parse("{\"status\":\"VERIFIED\"}"), 1))
                    .isInstanceOf(FieldsyncException.class)
                    .satisfies(e -> assertThat(((FieldsyncException) e).code()).isEqualTo(ErrorCode.VERSION_CONFLICT));
            assertThat(records.get(Caller.SYSTEM, RecordType.HAZARD, hazard.id()).version()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRecordReferringToAnAttachmentTheServerDoesNotHoldIsRefused(String kind) {
        try (Database db = Database.open(TestDatabases.fresh(kind, "store_attachments"))) {
            RecordService records = new RecordService(db, CLOCK, ZONE, ATTACHMENTS);
            String unit = createUnit(records, "370686");
            JsonObject hazard = generalHazard(unit, "2026-11-27");
            hazard.add("photos", parse("{\"p\":[\"" + TestAttachments.EXAMPLE_SHA256 + "\",\"" + "e".repeat(64) + "\"]}").get("p"));
            assertThatThrownBy(() -> records.create(Caller.SYSTEM, RecordType.HAZARD, hazard))
                    .isInstanceOf(FieldsyncException.class)
                    .satisfies(e -> {
                        assertThat(((FieldsyncException) e).code()).isEqualTo(ErrorCode.ATTACHMENT_MISSING);
                        assertThat(((FieldsyncException) e).field()).isEqualTo("/photos/1");
                    });
            assertThat(records.list(Caller.SYSTEM, RecordType.HAZARD, RecordFilter.ANY, null, 10).total()).isZero();
        }
    }

    /**
     * The change sequence and the audit chain are advanced with plain JDBC on the transaction's
     * own connection: a write that rolls back must take back its sequence number and its audit
     * entry too, or readers would wait for a number that never commits.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aRolledBackWriteLeavesNoSequenceNumberAndNoAuditEntry(String kind) {
        try (Database db = Database.open(TestDatabases.fresh(kind, "store_rollback"))) {
            RecordService records = new RecordService(db, CLOCK, ZONE, ATTACHMENTS);
            String unit = createUnit(records, "370686");
            long[] before = counters(db);
            assertThatThrownBy(() -> db.inTransaction(em -> {
                records.store().insert(em, cn.fieldsync.server.identity.Scope.ALL, RecordType.HAZARD, cn.fieldsync.schemas.Uuids.v7(), generalHazard(unit, "2026-11-27"));
                new cn.fieldsync.server.audit.AuditLog(CLOCK).append(em, "test", "RECORD_CREATED", null, null);
                throw new IllegalStateException("the caller fails after writing");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(counters(db)).containsExactly(before);
            String next = records.create(Caller.SYSTEM, RecordType.HAZARD, generalHazard(unit, "2026-11-27")).id();
            assertThat(seqOf(db, next)).isEqualTo(before[0] + 1);
        }
    }

    /**
     * Issue 17: a create's rows and every audit entry are written behind (held and sent in
     * batches, persistence.WriteBehind), an edit's row by EclipseLink at the commit. In a
     * transaction that mixes them, the change numbers and the audit chain still follow the order
     * the changes were made in, the chain is unbroken and its head is the last entry.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void changesWrittenBehindAndAtOnceAreNumberedAndChainedInTheOrderTheyWereMade(String kind) {
        try (Database db = Database.open(TestDatabases.fresh(kind, "store_numbered_when_sent"))) {
            RecordService records = new RecordService(db, CLOCK, ZONE, ATTACHMENTS);
            String unit = createUnit(records, "370686");
            StoredRecord edited = records.create(Caller.SYSTEM, RecordType.HAZARD, generalHazard(unit, "2026-12-27"));
            String first = cn.fieldsync.schemas.Uuids.v7();
            String last = cn.fieldsync.schemas.Uuids.v7();
            cn.fieldsync.server.audit.AuditLog audit = new cn.fieldsync.server.audit.AuditLog(CLOCK);
            db.inTransaction(em -> {
                records.store().insert(em, cn.fieldsync.server.identity.Scope.ALL, RecordType.HAZARD, first, generalHazard(unit, "2026-12-27"));
                audit.append(em, "ordering", "RECORD_CREATED", first, null);
                JsonObject changed = edited.body().deepCopy();
                changed.addProperty("responsiblePerson", "李某");
                records.store().update(em, cn.fieldsync.server.identity.Scope.ALL, RecordType.HAZARD, edited.id(), changed, false, true);
                audit.append(em, "ordering", "RECORD_CHANGED", edited.id(), null);
                records.store().insert(em, cn.fieldsync.server.identity.Scope.ALL, RecordType.HAZARD, last, generalHazard(unit, "2026-12-28"));
                audit.append(em, "ordering", "RECORD_CREATED", last, null);
                return null;
            });
            assertThat(seqOf(db, first)).isLessThan(seqOf(db, edited.id()));
            assertThat(seqOf(db, edited.id())).isLessThan(seqOf(db, last));
            List<String[]> chain = db.withConnection(c -> cn.fieldsync.server.persistence.Sql.list(c,
                    "SELECT actor, record_id, prev_hash, hash FROM audit_entry ORDER BY seq",
                    row -> new String[] {row.getString(1), row.getString(2), row.getString(3), row.getString(4)}));
            assertThat(chain.stream().filter(e -> e[0].equals("ordering")).map(e -> e[1]).toList())
                    .containsExactly(first, edited.id(), last);
            for (int i = 1; i < chain.size(); i++) {
                assertThat(chain.get(i)[2]).as("entry %d follows entry %d", i, i - 1).isEqualTo(chain.get(i - 1)[3]);
            }
            String head = db.withConnection(c -> cn.fieldsync.server.persistence.Sql.list(c, "SELECT hash FROM audit_head WHERE id = 1",
                    row -> row.getString(1)).getFirst());
            assertThat(head).isEqualTo(chain.getLast()[3]);
        }
    }

    /**
     * A database restored from a backup comes back with the change sequence it had at the backup,
     * while a device that pulled after the backup holds a cursor above it. A change written after
     * the restore must still reach that device: its number is above every cursor given out before
     * (ChangeSequence: never below the clock's microseconds). Here the restore is the counter put
     * back to its value at the backup, as ops/restore.sh brings it back; ops/backup-test.sh does the
     * whole restore on both databases.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aChangeWrittenAfterARestoreReachesADeviceThatPulledAfterTheBackup(String kind) {
        try (Database db = Database.open(TestDatabases.fresh(kind, "store_restored"))) {
            Instant backup = Instant.parse("2026-11-27T02:00:00Z");
            RecordService records = new RecordService(db, Clock.fixed(backup, ZoneOffset.UTC), ZONE, ATTACHMENTS);
            String unit = createUnit(records, "370686");
            records.create(Caller.SYSTEM, RecordType.HAZARD, generalHazard(unit, "2026-12-27"));
            long atBackup = counters(db)[0];
            RecordService aMinuteLater = new RecordService(db, Clock.fixed(backup.plusSeconds(60), ZoneOffset.UTC), ZONE, ATTACHMENTS);
            for (int i = 0; i < 3; i++) {
                aMinuteLater.create(Caller.SYSTEM, RecordType.HAZARD, generalHazard(unit, "2026-12-27"));
            }
            long deviceCursor = db.withConnection(c -> records.store().changesAfter(c, cn.fieldsync.server.identity.Scope.ALL, 0, 500)).nextCursor();
            assertThat(deviceCursor).isGreaterThan(atBackup);

            // the restore: the counter as the backup had it; an hour later, a new hidden danger
            db.withConnection(c -> {
                try (var rewind = c.prepareStatement("UPDATE change_seq SET value = ? WHERE id = 1")) {
                    rewind.setLong(1, atBackup);
                    return rewind.executeUpdate();
                }
            });
            RecordService anHourLater = new RecordService(db, Clock.fixed(backup.plusSeconds(3660), ZoneOffset.UTC), ZONE, ATTACHMENTS);
            StoredRecord afterRestore = anHourLater.create(Caller.SYSTEM, RecordType.HAZARD, generalHazard(unit, "2027-01-27"));

            ChangeFeedQuery.Feed pulled = db.withConnection(c -> records.store().changesAfter(c, cn.fieldsync.server.identity.Scope.ALL,
                    deviceCursor, 500));
            assertThat(pulled.changes()).extracting(change -> com.google.gson.JsonParser.parseString(change.recordJson()).getAsJsonObject().get("id").getAsString())
                    .containsExactly(afterRestore.id());
            assertThat(seqOf(db, afterRestore.id())).isGreaterThan(deviceCursor);
        }
    }

    /** The change number the record's row holds. */
    private static long seqOf(Database db, String id) {
        return db.withConnection(c -> {
            try (var s = c.prepareStatement("SELECT seq FROM record WHERE id = ?")) {
                s.setString(1, id);
                try (var rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static long[] counters(Database db) {
        return db.withConnection(c -> {
            try (var s = c.createStatement();
                 var seq = s.executeQuery("SELECT value FROM change_seq WHERE id = 1")) {
                seq.next();
                long change = seq.getLong(1);
                try (var audit = c.createStatement().executeQuery("SELECT seq FROM audit_head WHERE id = 1")) {
                    audit.next();
                    return new long[] {change, audit.getLong(1)};
                }
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void listsFilterAndPageWithoutGapsOrRepeats(String kind) {
        try (Database db = Database.open(TestDatabases.fresh(kind, "store_lists"))) {
            RecordService records = new RecordService(db, CLOCK, ZONE, ATTACHMENTS);
            String qixia = createUnit(records, "370686");
            String laiyang = createUnit(records, "370687");
            List<String> created = new ArrayList<>();
            for (int i = 0; i < 23; i++) {
                created.add(records.create(Caller.SYSTEM, RecordType.HAZARD, generalHazard(i % 2 == 0 ? qixia : laiyang,
                        i < 5 ? "2026-11-01" : "2026-12-31")).id());
            }
            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                Page<StoredRecord> page = records.list(Caller.SYSTEM, RecordType.HAZARD, RecordFilter.ANY, cursor, 5);
                assertThat(page.total()).isEqualTo(23);
                page.items().forEach(r -> seen.add(r.id()));
                cursor = page.nextCursor();
            } while (cursor != null);
            assertThat(seen).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();

            RecordFilter inQixia = new RecordFilter(null, "370686", null, null, null, null, null, null);
            assertThat(records.list(Caller.SYSTEM, RecordType.HAZARD, inQixia, null, 100).total()).isEqualTo(12);
            RecordFilter inYantai = new RecordFilter(null, "3706", null, null, null, null, null, null);
            assertThat(records.list(Caller.SYSTEM, RecordType.HAZARD, inYantai, null, 100).total()).isEqualTo(23);
            RecordFilter ofUnit = new RecordFilter(laiyang, null, null, null, null, null, null, null);
            assertThat(records.list(Caller.SYSTEM, RecordType.HAZARD, ofUnit, null, 100).total()).isEqualTo(11);
            RecordFilter overdue = new RecordFilter(null, null, null, null, null, null, true, null);
            assertThat(records.list(Caller.SYSTEM, RecordType.HAZARD, overdue, null, 100).total()).isEqualTo(5);
            RecordFilter notOverdue = new RecordFilter(null, null, null, null, null, null, false, null);
            assertThat(records.list(Caller.SYSTEM, RecordType.HAZARD, notOverdue, null, 100).total()).isEqualTo(18);
            RecordFilter major = new RecordFilter(null, null, null, "MAJOR", null, null, null, null);
            assertThat(records.list(Caller.SYSTEM, RecordType.HAZARD, major, null, 100).total()).isZero();
        }
    }

    private static String createUnit(RecordService records, String jurisdiction) {
        return records.create(Caller.SYSTEM, RecordType.UNIT, parse("{\"name\":\"单位" + jurisdiction
                + "\",\"kind\":\"ENTERPRISE\",\"jurisdictionCode\":\"" + jurisdiction + "\"}")).id();
    }

    static JsonObject generalHazard(String unitId, String deadline) {
        return parse("{\"unitId\":\"" + unitId + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\",\"description\":\"消防通道堵塞\","
                + "\"foundAt\":\"2026-10-20T09:30:00Z\",\"deadline\":\"" + deadline + "\"}");
    }

    static JsonObject parse(String json) {
        try {
            return StrictJson.parseObject(json);
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

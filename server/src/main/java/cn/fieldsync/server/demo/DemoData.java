package cn.fieldsync.server.demo;

import cn.fieldsync.schemas.Uuids;
import cn.fieldsync.server.casefile.CaseService;
import cn.fieldsync.server.casefile.dto.CaseDtos;
import cn.fieldsync.server.identity.IdentityService;
import cn.fieldsync.server.identity.Role;
import cn.fieldsync.server.identity.Scope;
import cn.fieldsync.server.sync.SyncService;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import cn.fieldsync.server.identity.Caller;

import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.schemas.Sealing;
import cn.fieldsync.schemas.StrictJson;
import cn.fieldsync.server.attachment.AttachmentStore;
import cn.fieldsync.server.record.RecordFilter;
import cn.fieldsync.server.record.RecordService;

import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;

/**
 * A small, believable county for trying the product: 栖霞市 (370686), its emergency management
 * bureau and discipline commission, two enterprises and a township party committee, their
 * leaders, inspections, hidden dangers and pledges. Stored through the same checks as any
 * record, with fixed ids so that the README can point at them.
 *
 * <p>The evidence is real evidence: the inspections and the chairman's pledge are sealed with the
 * Ed25519 key of an enrolled demo device, exactly as a tablet seals them (the server verifies the
 * seal on the way in and on every read), with handwritten signatures and site photos stored as
 * attachments (small PNGs drawn by {@link DemoImages}); the refusal to sign at the mine is recorded
 * with its witness (安全生产法 art 68). The demo case has both tracks partly worked.
 */
public final class DemoData {

    public static final String BUREAU = "0190a1b2-0000-7000-8000-00000000a001";
    public static final String COMMISSION = "0190a1b2-0000-7000-8000-00000000a002";
    public static final String CHEMICAL_CO = "0190a1b2-0000-7000-8000-00000000a003";
    public static final String MINING_CO = "0190a1b2-0000-7000-8000-00000000a004";
    public static final String TOWNSHIP = "0190a1b2-0000-7000-8000-00000000a005";
    public static final String CHEMICAL_HEAD = "0190a1b2-0000-7000-8000-00000000b001";
    public static final String BUREAU_HEAD = "0190a1b2-0000-7000-8000-00000000b002";
    public static final String INSPECTOR = "0190a1b2-0000-7000-8000-00000000b003";
    public static final String INSPECTION = "0190a1b2-0000-7000-8000-00000000c001";
    public static final String OVERDUE_HAZARD = "0190a1b2-0000-7000-8000-00000000d001";
    public static final String MAJOR_HAZARD = "0190a1b2-0000-7000-8000-00000000d002";
    /** The mine's inspection, where the person in charge refused to sign. */
    public static final String REFUSED_INSPECTION = "0190a1b2-0000-7000-8000-00000000c002";
    /** The mine's danger, rectified and accepted at re-inspection: its 整改复查意见书 can be printed. */
    public static final String VERIFIED_HAZARD = "0190a1b2-0000-7000-8000-00000000d003";
    /** The chairman's safety pledge for the year, signed and sealed. */
    public static final String SIGNED_PLEDGE = "0190a1b2-0000-7000-8000-00000000e001";
    /** The name of the demo device whose key seals the demo evidence. */
    public static final String SEALING_DEVICE = "张明的执法终端（演示）";

    private DemoData() {
    }

    /** Seeds the demo records when the database has no unit yet; returns how many were stored. */
    public static int seedIfEmpty(RecordService records, SyncService sync, AttachmentStore attachments) {
        if (records.list(Caller.SYSTEM, RecordType.UNIT, RecordFilter.ANY, null, 1).total() > 0) {
            return 0;
        }
        Media media = new Media(store(attachments, DemoImages.signature(1)), store(attachments, DemoImages.signature(2)),
                store(attachments, DemoImages.signature(3)), store(attachments, DemoImages.signature(4)),
                store(attachments, DemoImages.signature(5)), store(attachments, DemoImages.photo(1)), store(attachments, DemoImages.photo(2)));
        // the demo device: enrolled with its public key like a tablet (fieldsync init); its private key seals the demo evidence
        KeyPair keys;
        try {
            keys = KeyPairGenerator.getInstance(Sealing.ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Caller inspector = new Caller(INSPECTOR_USER, Role.INSPECTOR, new Scope(false, List.of("370686"), List.of(), List.of()), null, false);
        String device = sync.enrol(inspector, SEALING_DEVICE, Sealing.encode(keys.getPublic())).get("id").getAsString();
        seedUnitsAndPeople(records);
        List<Seed> evidence = evidence(LocalDate.now(ZoneId.of("Asia/Shanghai")), media);
        for (Seed seed : evidence) {
            JsonObject body = parse(seed);
            if (body.has("status") && body.get("status").getAsString().equals("SEALED")) {
                seal(body, device, keys.getPrivate());
            }
            records.create(Caller.SYSTEM, seed.type(), body);
        }
        return unitsAndPeople().size() + evidence.size();
    }

    private static JsonObject parse(Seed seed) {
        try {
            return StrictJson.parseObject(seed.json());
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalStateException("demo record is not JSON: " + seed.json(), e);
        }
    }

    /** Seals as the device does (schemas Sealing): SHA-256 of the canonical record, signed with the device's key. */
    private static void seal(JsonObject body, String deviceId, PrivateKey key) {
        String hash = Sealing.hash(body);
        JsonObject seal = new JsonObject();
        seal.addProperty("algorithm", Sealing.ALGORITHM);
        seal.addProperty("deviceId", deviceId);
        seal.addProperty("hash", hash);
        seal.addProperty("signature", Sealing.sign(key, hash));
        // sealed when the last signature was given
        String sealedAt = body.has("signatures") ? body.getAsJsonArray("signatures").asList().getLast().getAsJsonObject().get("signedAt").getAsString()
                : body.get("signedAt").getAsString();
        seal.addProperty("sealedAt", sealedAt);
        body.add("seal", seal);
    }

    /** Stores a demo image as the server's own upload; answers its SHA-256. */
    private static String store(AttachmentStore attachments, byte[] bytes) {
        String sha256;
        try {
            sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        attachments.append(sha256, 0, bytes.length, new ByteArrayInputStream(bytes));
        return sha256;
    }

    /** The SHA-256 names of the demo's signature images and photos. */
    private record Media(String zhangMing, String liuYang, String liJianguo, String witness, String liuYangAtMine,
                         String blockedLane, String tankArea) {
    }

    /** The demo accounts and their passwords (README.md); the administrator's only when none was configured. */
    public static final String ADMIN_PASSWORD = "admin-demo-2026";
    public static final String INSPECTOR_USER = "zhangming";
    public static final String INSPECTOR_PASSWORD = "inspector-demo-2026";
    public static final String REVIEWER_USER = "liqing";
    public static final String REVIEWER_PASSWORD = "reviewer-demo-2026";

    /** An inspector and a reviewer of 栖霞市, created when absent; returns how many were created. */
    public static int seedUsers(IdentityService identity) {
        int created = 0;
        for (String[] user : new String[][] {{INSPECTOR_USER, INSPECTOR_PASSWORD, "INSPECTOR", "张明"},
                {REVIEWER_USER, REVIEWER_PASSWORD, "REVIEWER", "李青"}}) {
            if (!identity.exists(user[0])) {
                JsonObject request = new JsonObject();
                request.addProperty("username", user[0]);
                request.addProperty("password", user[1]);
                request.addProperty("role", user[2]);
                request.addProperty("displayName", user[3]);
                JsonArray jurisdictions = new JsonArray();
                jurisdictions.add("370686");
                request.add("jurisdictions", jurisdictions);
                identity.createUser(Caller.SYSTEM, request);
                created++;
            }
        }
        return created;
    }

    /**
     * An accident at the chemical company two days ago, opened by the demo reviewer: the
     * evidence engine proposes its inspection, its overdue dangers (both tracks) and the
     * pledges its chairman and the bureau's head signed for the year. Created when no case exists.
     */
    public static boolean seedCase(CaseService cases, LocalDate today) {
        Caller reviewer = new Caller(REVIEWER_USER, Role.REVIEWER,
                new Scope(false, List.of("370686"), List.of(), List.of()), null, false);
        if (cases.list(reviewer, null, null, null, null, 1).total() > 0) {
            return false;
        }
        try {
            CaseDtos.Detail opened = cases.open(reviewer, StrictJson.parseObject("""
                    {"title":"栖霞市鑫源化工有限公司液氨泄漏事故","subjectUnitId":"%s","supervisingUnitId":"%s",
                     "supervisors":[{"unitId":"%s","kind":"EMERGENCY_MANAGEMENT"},{"unitId":"%s","kind":"DISCIPLINE_COMMISSION"}],
                     "investigators":["%s"],
                     "event":{"kind":"ACCIDENT","at":"%sT10:20:00+08:00","deaths":1,"seriousInjuries":2,"directLossCny":1850000,
                              "missing":0,"poisoned":0,"sector":"OTHER",
                              "knownAt":"%sT10:35:00+08:00","reportedAt":"%sT11:20:00+08:00",
                              "description":"2号液氨储罐区阀门泄漏，当班操作工1人死亡、2人重伤"}}
                    """.formatted(CHEMICAL_CO, BUREAU, BUREAU, COMMISSION, REVIEWER_USER, today.minusDays(2), today.minusDays(2),
                    today.minusDays(2))));
            workBothTracks(cases, reviewer, opened, today);
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalStateException(e);
        }
        return true;
    }

    /**
     * The case partly worked, as a reviewer leaves it after the first days: on the DIRECT track the
     * overdue fire-lane danger confirmed, the chairman a party with a finding and a proposed 党纪处分
     * notified to him with his statement deadline; on the LEADERSHIP track the bureau head a party.
     * The rest (the major danger, the pledges, the decision) is left for the reviewer to do.
     */
    private static void workBothTracks(CaseService cases, Caller reviewer, CaseDtos.Detail opened, LocalDate today)
            throws StrictJson.MalformedJsonException {
        String caseId = opened.id();
        for (CaseDtos.Link l : opened.tracks().get("DIRECT").links()) {
            if (l.evidenceId().equals(OVERDUE_HAZARD)) {
                cases.decideLink(reviewer, caseId, l.id(), true, null);
            }
        }
        cases.addParty(reviewer, caseId, StrictJson.parseObject("""
                {"track":"DIRECT","personId":"%s","responsibility":"PRIMARY"}""".formatted(CHEMICAL_HEAD)));
        cases.addParty(reviewer, caseId, StrictJson.parseObject("""
                {"track":"LEADERSHIP","personId":"%s","responsibility":"SUPERVISORY"}""".formatted(BUREAU_HEAD)));
        cases.addFinding(reviewer, caseId, StrictJson.parseObject("""
                {"track":"DIRECT","text":"鑫源化工董事长李建国对消防通道长期堵塞、责令限期整改逾期未改负有主要责任","personIds":["%s"]}"""
                .formatted(CHEMICAL_HEAD)));
        CaseDtos.Detail proposed = cases.proposeAction(reviewer, caseId, StrictJson.parseObject("""
                {"track":"DIRECT","personId":"%s","form":{"category":"PARTY_DISCIPLINE","kind":"WARNING"},
                 "decidingBody":{"kind":"PARTY_ORGAN","name":"中共栖霞市纪律检查委员会"}}""".formatted(CHEMICAL_HEAD)));
        String action = proposed.tracks().get("DIRECT").actions().getLast().id();
        cases.step(reviewer, caseId, action, StrictJson.parseObject("""
                {"to":"NOTIFIED","statementDeadline":"%s","note":"已书面告知本人，听取陈述申辩"}""".formatted(today.plusDays(5))));
    }

    /**
     * One open sync conflict for the administrator's queue: the demo inspector's tablet changed
     * the responsible person of the overdue danger offline while the office changed it too.
     */
    public static void seedConflict(RecordService records, SyncService sync) {
        Caller office = new Caller("admin", Role.ADMIN, Scope.ALL, null, false);
        Caller inspector = new Caller(INSPECTOR_USER, Role.INSPECTOR, new Scope(false, List.of("370686"), List.of(), List.of()), null, false);
        String device = sync.enrol(inspector, "张明的平板（演示）", null).get("id").getAsString();
        try {
            records.patch(office, RecordType.HAZARD, OVERDUE_HAZARD, StrictJson.parseObject("{\"responsiblePerson\":\"王强（安全科长）\"}"), 1);
            JsonArray operations = new JsonArray();
            operations.add(StrictJson.parseObject("""
                    {"opId":"%s","type":"hazard","id":"%s","baseVersion":1,"fields":{"responsiblePerson":"刘洋（设备部）"}}
                    """.formatted(Uuids.v7(), OVERDUE_HAZARD)));
            sync.push(new Caller(INSPECTOR_USER, Role.INSPECTOR, inspector.scope(), device, false), operations);
        } catch (StrictJson.MalformedJsonException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Seed(RecordType type, String json) {
    }

    /**
     * The demo's units and people: 栖霞市应急管理局, the commission, 鑫源化工, 金岭矿业, the township's
     * party committee, 李建国, 王卫东 and 张明. The example documents under {@code schemas/} name these ids,
     * so a user copying an example onto a demo server succeeds; the contract tests store them first for
     * the same reason.
     */
    public static void seedUnitsAndPeople(RecordService records) {
        for (Seed seed : unitsAndPeople()) {
            records.create(Caller.SYSTEM, seed.type(), parse(seed));
        }
    }

    private static List<Seed> unitsAndPeople() {
        return List.of(
                new Seed(RecordType.UNIT, """
                        {"id":"%s","name":"栖霞市应急管理局","kind":"AGENCY","jurisdictionCode":"370686","address":"栖霞市霞光路1号"}
                        """.formatted(BUREAU)),
                new Seed(RecordType.UNIT, """
                        {"id":"%s","name":"中共栖霞市纪律检查委员会","kind":"PARTY_ORG","jurisdictionCode":"370686"}
                        """.formatted(COMMISSION)),
                new Seed(RecordType.UNIT, """
                        {"id":"%s","name":"栖霞市鑫源化工有限公司","creditCode":"91370686MA3C1234X0","kind":"ENTERPRISE",
                         "jurisdictionCode":"370686","address":"栖霞市经济开发区化工园8号","industry":"危险化学品",
                         "supervisingUnitId":"%s"}
                        """.formatted(CHEMICAL_CO, BUREAU)),
                new Seed(RecordType.UNIT, """
                        {"id":"%s","name":"栖霞市金岭矿业有限公司","kind":"ENTERPRISE","jurisdictionCode":"370686",
                         "industry":"金属非金属矿山","supervisingUnitId":"%s"}
                        """.formatted(MINING_CO, BUREAU)),
                new Seed(RecordType.UNIT, """
                        {"id":"%s","name":"中共栖霞市庙后镇委员会","kind":"PARTY_ORG","jurisdictionCode":"370686"}
                        """.formatted(TOWNSHIP)),
                new Seed(RecordType.PERSON, """
                        {"id":"%s","name":"李建国","partyMember":true,"positions":[
                          {"unitId":"%s","post":"总经理","leadership":"PRINCIPAL","from":"2022-01-01","to":"2025-12-31"},
                          {"unitId":"%s","post":"董事长","leadership":"PRINCIPAL","from":"2026-01-01"}]}
                        """.formatted(CHEMICAL_HEAD, CHEMICAL_CO, CHEMICAL_CO)),
                new Seed(RecordType.PERSON, """
                        {"id":"%s","name":"王卫东","publicOfficial":true,"civilServant":true,"partyMember":true,"managedBy":"中共栖霞市委","positions":[
                          {"unitId":"%s","post":"局长","leadership":"SUPERVISOR","from":"2023-05-01"}]}
                        """.formatted(BUREAU_HEAD, BUREAU)),
                new Seed(RecordType.PERSON, """
                        {"id":"%s","name":"张明","publicOfficial":true,"civilServant":true,"certificateNumber":"鲁应急执字37068600123","positions":[
                          {"unitId":"%s","post":"执法大队队员","leadership":"STAFF","from":"2021-03-01"}]}
                        """.formatted(INSPECTOR, BUREAU)));
    }

    /** The demo's evidence: inspections, dangers and a pledge, dated around {@code today}. */
    private static List<Seed> evidence(LocalDate today, Media media) {
        String year = String.valueOf(today.getYear());
        String pastDeadline = today.minusDays(10).toString();
        String futureDeadline = today.plusDays(30).toString();
        String found = today.minusDays(25) + "T09:30:00+08:00";
        return List.of(
                new Seed(RecordType.INSPECTION, """
                        {"id":"%s","unitId":"%s","startedAt":"%s","endedAt":"%s",
                         "place":{"lat":37.3051,"lon":120.8432,"accuracyM":8,"address":"栖霞市经济开发区化工园8号"},
                         "inspectors":[{"personId":"%s","name":"张明","certificateNumber":"鲁应急执字37068600123"},
                                       {"name":"刘洋","certificateNumber":"鲁应急执字37068600456"}],
                         "checklistTemplate":"危险化学品企业安全检查表",
                         "checklist":[{"itemCode":"HC-01","text":"储罐区防火堤完好","result":"PASS"},
                                      {"itemCode":"HC-02","text":"消防通道畅通","result":"FAIL","note":"通道堆放物料"},
                                      {"itemCode":"HC-07","text":"液氨储罐区设置泄漏报警装置","result":"FAIL","forcesMajor":true}],
                         "findings":["消防通道被物料堵塞","液氨储罐区未设置泄漏报警装置"],
                         "onSiteMeasures":[{"kind":"ORDER_CORRECTION_BY_DEADLINE","description":"责令限期清理消防通道","deadline":"%s"}],
                         "photos":["%s","%s"],
                         "status":"SEALED",
                         "signatures":[{"role":"INSPECTOR","name":"张明","signedAt":"%s","signatureImage":"%s"},
                                       {"role":"INSPECTOR","name":"刘洋","signedAt":"%s","signatureImage":"%s"},
                                       {"role":"UNIT_PERSON_IN_CHARGE","name":"李建国","position":"董事长","signedAt":"%s","signatureImage":"%s"}]}
                        """.formatted(INSPECTION, CHEMICAL_CO, found, today.minusDays(25) + "T11:30:00+08:00",
                        INSPECTOR, pastDeadline, media.blockedLane(), media.tankArea(),
                        today.minusDays(25) + "T11:30:00+08:00", media.zhangMing(), today.minusDays(25) + "T11:30:00+08:00", media.liuYang(),
                        today.minusDays(25) + "T11:32:00+08:00", media.liJianguo())),
                new Seed(RecordType.INSPECTION, """
                        {"id":"%s","unitId":"%s","startedAt":"%s","endedAt":"%s","place":{"address":"栖霞市庙后镇金岭矿区"},
                         "inspectors":[{"personId":"%s","name":"张明","certificateNumber":"鲁应急执字37068600123"},
                                       {"name":"刘洋","certificateNumber":"鲁应急执字37068600456"}],
                         "checklistTemplate":"金属非金属地下矿山安全检查表",
                         "checklist":[{"itemCode":"MN-03","text":"建立隐患排查治理台账","result":"FAIL","note":"未建立"},
                                      {"itemCode":"MN-05","text":"安全出口畅通","result":"PASS"}],
                         "findings":["未建立隐患排查治理台账"],
                         "onSiteMeasures":[{"kind":"ORDER_CORRECTION_BY_DEADLINE","description":"责令建立隐患排查治理台账","deadline":"%s"}],
                         "status":"SEALED",
                         "signatures":[{"role":"INSPECTOR","name":"张明","signedAt":"%s","signatureImage":"%s"},
                                       {"role":"INSPECTOR","name":"刘洋","signedAt":"%s","signatureImage":"%s"}],
                         "refusalToSign":{"refusedBy":"赵某","refusedByRole":"矿长","reason":"对检查结论有异议",
                                          "witness":{"name":"孙某","position":"村委会主任","signatureImage":"%s"},
                                          "recordedAt":"%s"}}
                        """.formatted(REFUSED_INSPECTION, MINING_CO, today.minusDays(3) + "T14:00:00+08:00", today.minusDays(3) + "T15:00:00+08:00",
                        INSPECTOR, futureDeadline, today.minusDays(3) + "T15:00:00+08:00", media.zhangMing(),
                        today.minusDays(3) + "T15:00:00+08:00", media.liuYangAtMine(), media.witness(), today.minusDays(3) + "T15:05:00+08:00")),
                new Seed(RecordType.HAZARD, """
                        {"id":"%s","unitId":"%s","inspectionId":"%s","checklistItemCode":"HC-02","grade":"GENERAL","category":"FIRE",
                         "description":"消防通道被物料堵塞","location":{"lat":37.3051,"lon":120.8432,"accuracyM":8,"address":"化工园8号东侧"},
                         "foundAt":"%s","deadline":"%s","responsiblePerson":"李建国","photos":["%s"]}
                        """.formatted(OVERDUE_HAZARD, CHEMICAL_CO, INSPECTION, found, pastDeadline, media.blockedLane())),
                new Seed(RecordType.HAZARD, """
                        {"id":"%s","unitId":"%s","inspectionId":"%s","checklistItemCode":"HC-07","grade":"MAJOR","category":"HAZARDOUS_CHEMICALS",
                         "description":"液氨储罐区未设置泄漏报警装置","location":{"lat":37.3049,"lon":120.8440,"accuracyM":5},
                         "foundAt":"%s","deadline":"%s","responsiblePerson":"李建国","status":"IN_TREATMENT",
                         "treatmentPlan":{"objectivesAndTasks":"加装氨泄漏报警并与紧急切断阀联锁","methodsAndMeasures":"停用2号储罐，委托设计院设计改造",
                           "fundsAndMaterials":"专项资金40万元","responsibleBodyAndPeople":"设备部，负责人李建国","timeLimit":"%s前完成",
                           "safetyAndEmergencyMeasures":"设置警戒区，编制液氨泄漏专项应急预案"},
                         "supervisionListing":[{"event":"LISTED","level":"COUNTY","date":"%s","documentNumber":"栖安委办〔%s〕7号",
                                               "authority":"栖霞市安全生产委员会办公室"}]}
                        """.formatted(MAJOR_HAZARD, CHEMICAL_CO, INSPECTION, found, pastDeadline, pastDeadline,
                        today.minusDays(20), year)),
                new Seed(RecordType.HAZARD, """
                        {"id":"%s","unitId":"%s","inspectionId":"%s","checklistItemCode":"MN-03","grade":"GENERAL","category":"MANAGEMENT",
                         "description":"未建立隐患排查治理台账",
                         "location":{"address":"栖霞市庙后镇金岭矿区"},"foundAt":"%s","deadline":"%s","responsiblePerson":"赵某",
                         "status":"VERIFIED","rectificationCompletedAt":"%s",
                         "reinspections":[{"date":"%s","result":"PASSED","inspector":"张明","note":"台账已建立，隐患排查记录完整"}],
                         "verifiedAt":"%s","verifiedBy":"张明"}
                        """.formatted(VERIFIED_HAZARD, MINING_CO, REFUSED_INSPECTION, today.minusDays(3) + "T14:30:00+08:00", futureDeadline,
                        today.minusDays(2), today.minusDays(1), today.minusDays(1))),
                new Seed(RecordType.PLEDGE, """
                        {"id":"%s","status":"SEALED","signatureImage":"%s",
                         "kind":"SAFETY_PRODUCTION","signer":{"personId":"%s","name":"李建国","position":"董事长","unitId":"%s"},
                         "counterSigner":{"personId":"%s","name":"王卫东","position":"局长","unitId":"%s"},
                         "period":{"from":"%s-01-01","to":"%s-12-31"},
                         "items":[{"commitment":"落实安全生产第一责任人职责","target":"全年不发生较大及以上生产安全事故","assessmentStandard":"发生一起扣20分"},
                                  {"commitment":"重大事故隐患按期整改","target":"重大隐患整改率100%%","assessmentStandard":"逾期一项扣5分"}],
                         "signedAt":"%s-01-05T10:00:00+08:00"}
                        """.formatted(SIGNED_PLEDGE, media.liJianguo(), CHEMICAL_HEAD, CHEMICAL_CO, BUREAU_HEAD, BUREAU, year, year, year)),
                new Seed(RecordType.PLEDGE, """
                        {"kind":"SUPERVISORY_RESPONSIBILITY","signer":{"personId":"%s","name":"王卫东","position":"局长","unitId":"%s"},
                         "period":{"from":"%s-01-01","to":"%s-12-31"},
                         "items":[{"commitment":"履行安全生产监管职责","target":"重点企业年度检查覆盖率100%%","assessmentStandard":"漏检一家扣3分"}],
                         "signedAt":"%s-01-06T09:00:00+08:00"}
                        """.formatted(BUREAU_HEAD, BUREAU, year, year, year)));
    }
}

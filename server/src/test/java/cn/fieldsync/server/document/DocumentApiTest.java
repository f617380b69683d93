package cn.fieldsync.server.document;

import cn.fieldsync.server.demo.DemoData;
import cn.fieldsync.server.testing.FreshDatabase;
import cn.fieldsync.server.testing.Http;
import cn.fieldsync.server.testing.TestUsers;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.helidon.microprofile.testing.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The printed documents (issue 14) on the demo county, through the real API: each PDF is rendered
 * (page 1 to an image, which must not be blank) and its text extracted, which must read in Chinese —
 * the title, the server's number, the unit's name, the grade's name — with no bare code such as
 * REGISTERED and no UUID; the CJK font is embedded. Numbers are per kind and year, consecutive
 * under concurrency, and logged with the PDF's SHA-256 in the audit chain (DOCUMENT_ISSUED).
 */
@ExtendWith(FreshDatabase.class)
@HelidonTest
@AddConfig(key = "fieldsync.data-dir", value = "target/test-data/documents")
@AddConfig(key = "fieldsync.db.schema", value = "documents")
@AddConfig(key = "fieldsync.demo-data", value = "true")
class DocumentApiTest {

    /** A code left bare (REGISTERED, IN_TREATMENT, CITY, FIRE) or an id. */
    private static final Pattern CODE = Pattern.compile("\\b[A-Z][A-Z_]{3,}\\b");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Inject
    WebTarget target;

    @Test
    void theInspectionRecordReadsAsThePaperFormWithItsSignaturesAndEmbeddedFont_安全生产法第六十八条() throws Exception {
        Http reviewer = new Http(target.getUri()).login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
        Pdf pdf = issue(reviewer, "{\"kind\":\"INSPECTION_RECORD\",\"recordId\":\"" + DemoData.INSPECTION + "\"}");
        assertThat(pdf.status).as(pdf.error).isEqualTo(200);
        int year = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
        assertThat(pdf.number).isEqualTo("栖应急检记〔" + year + "〕1号");
        String text = pdf.text().replace("\n", "");
        assertThat(text).contains("现场检查记录", pdf.number, "栖霞市鑫源化工有限公司", "张明", "刘洋", "李建国", "不符合",
                "责令限期改正", "现场照片", "已签字封存", "校验通过", "栖霞市应急管理局", year + "年");
        assertChinese(text);
        pdf.assertFontEmbedded();
        // two photos and three handwritten signatures, drawn into the document
        assertThat(pdf.images()).isEqualTo(5);
        pdf.assertPageOneNotBlank("inspection-record");

        // the mine's: the manager refused to sign, before a witness
        Pdf refused = issue(reviewer, "{\"kind\":\"INSPECTION_RECORD\",\"recordId\":\"" + DemoData.REFUSED_INSPECTION + "\"}");
        assertThat(refused.number).isEqualTo("栖应急检记〔" + year + "〕2号");
        String refusal = refused.text().replace("\n", "");
        assertThat(refusal).contains("栖霞市金岭矿业有限公司", "赵某（矿长） 拒绝签字", "对检查结论有异议", "见证人：孙某（村委会主任）");
        assertChinese(refusal);
        assertThat(refused.images()).isEqualTo(3);
        refused.assertPageOneNotBlank("inspection-refusal");
    }

    @Test
    void theReinspectionOpinionNeedsAReinspection() throws Exception {
        Http inspector = new Http(target.getUri()).login(DemoData.INSPECTOR_USER, DemoData.INSPECTOR_PASSWORD);
        Pdf none = issue(inspector, "{\"kind\":\"REINSPECTION_OPINION\",\"recordId\":\"" + DemoData.OVERDUE_HAZARD + "\"}");
        assertThat(none.status).isEqualTo(422);
        assertThat(none.error).contains("document_not_applicable", "尚无复查记录");
        // nor an order to rectify by a deadline the danger does not have (found by a tester: "于规定期限前整改完毕")
        String undated = inspector.post("/api/hazards", "{\"unitId\":\"" + DemoData.CHEMICAL_CO + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\","
                + "\"description\":\"灭火器过期\",\"location\":{\"address\":\"化工园8号\"},\"foundAt\":\"2026-11-20T10:00:00+08:00\","
                + "\"responsiblePerson\":\"李建国\"}").field("id");
        Pdf noDeadline = issue(inspector, "{\"kind\":\"RECTIFICATION_ORDER\",\"recordId\":\"" + undated + "\"}");
        assertThat(noDeadline.status).isEqualTo(422);
        assertThat(noDeadline.error).contains("document_not_applicable", "尚未确定整改期限");
        Pdf opinion = issue(inspector, "{\"kind\":\"REINSPECTION_OPINION\",\"recordId\":\"" + DemoData.VERIFIED_HAZARD + "\"}");
        assertThat(opinion.status).as(opinion.error).isEqualTo(200);
        String text = opinion.text().replace("\n", "");
        assertThat(text).contains("整改复查意见书", opinion.number, "栖霞市金岭矿业有限公司", "未建立隐患排查治理台账", "复查合格", "已按要求整改完毕");
        assertChinese(text);
        opinion.assertPageOneNotBlank("reinspection-opinion");
    }

    @Test
    void anOrderIsNumberedOnceAndItsNumberAndHashAreInTheAuditChain_安全生产法第六十五条() throws Exception {
        Http inspector = new Http(target.getUri()).login(DemoData.INSPECTOR_USER, DemoData.INSPECTOR_PASSWORD);
        String hazard = majorDangerInTreatment(inspector, "液氨储罐区未设置泄漏报警装置");
        Pdf first = issue(inspector, "{\"kind\":\"RECTIFICATION_ORDER\",\"recordId\":\"" + hazard + "\"}");
        assertThat(first.status).as(first.error).isEqualTo(200);
        assertThat(first.number).matches("栖应急责改〔\\d{4}〕\\d+号");
        assertThat(first.sha256).isEqualTo(sha256(first.bytes));
        String text = first.text().replace("\n", "");
        assertThat(text).contains("责令限期整改指令书", first.number, "栖霞市鑫源化工有限公司", "重大事故隐患", "液氨储罐区未设置泄漏报警装置",
                "治理的目标和任务", "县级挂牌督办", "第六十五条");
        assertChinese(text);
        first.assertPageOneNotBlank("rectification-order");

        // the same record version printed again: the same document, number and bytes
        Pdf again = issue(inspector, "{\"kind\":\"RECTIFICATION_ORDER\",\"recordId\":\"" + hazard + "\"}");
        assertThat(again.number).isEqualTo(first.number);
        assertThat(again.sha256).isEqualTo(first.sha256);
        assertThat(again.reissued).isTrue();

        Http admin = TestUsers.admin(target.getUri());
        JsonObject audit = admin.get("/api/audit?record=" + hazard).json();
        List<JsonObject> issued = new ArrayList<>();
        for (JsonElement e : audit.getAsJsonArray("items")) {
            JsonObject entry = e.getAsJsonObject().getAsJsonObject("entry");
            if (entry.get("action").getAsString().equals("DOCUMENT_ISSUED")) {
                issued.add(entry.getAsJsonObject("detail"));
            }
        }
        assertThat(issued).hasSize(1);
        assertThat(issued.get(0).get("number").getAsString()).isEqualTo(first.number);
        assertThat(issued.get(0).get("sha256").getAsString()).isEqualTo(first.sha256);
        assertThat(admin.get("/api/audit/verify").json().get("intact").getAsBoolean()).isTrue();

        JsonObject list = inspector.get("/api/documents?subject=" + hazard).json();
        assertThat(list.getAsJsonArray("items")).hasSize(1);
        assertThat(list.getAsJsonArray("items").get(0).getAsJsonObject().get("kindName").getAsString()).isEqualTo("责令限期整改指令书");
    }

    @Test
    void noNewOrderForADangerAlreadyRectifiedOrPastItsDeadline_安全生产法第六十五条第一百零二条() throws Exception {
        Http inspector = new Http(target.getUri()).login(DemoData.INSPECTOR_USER, DemoData.INSPECTOR_PASSWORD);
        // the demo's listed major danger is ten days past its deadline: an order dated today "to rectify by" a past day
        Pdf overdue = issue(inspector, "{\"kind\":\"RECTIFICATION_ORDER\",\"recordId\":\"" + DemoData.MAJOR_HAZARD + "\"}");
        assertThat(overdue.status).isEqualTo(422);
        assertThat(overdue.error).contains("document_not_applicable", "已过", "第一百零二条", "延期");
        Pdf verified = issue(inspector, "{\"kind\":\"RECTIFICATION_ORDER\",\"recordId\":\"" + DemoData.VERIFIED_HAZARD + "\"}");
        assertThat(verified.status).isEqualTo(422);
        assertThat(verified.error).contains("document_not_applicable", "已整改完成", "已复查验收").doesNotContain("VERIFIED");

        // an order issued while it applied stays retrievable once the danger is rectified; a new one is refused
        String id = inspector.post("/api/hazards", "{\"unitId\":\"" + DemoData.CHEMICAL_CO + "\",\"grade\":\"GENERAL\",\"category\":\"FIRE\","
                + "\"description\":\"配电室灭火器压力不足\",\"location\":{\"address\":\"化工园8号\"},\"foundAt\":\"" + today().minusDays(2)
                + "T10:00:00+08:00\",\"deadline\":\"" + today().plusDays(5) + "\",\"responsiblePerson\":\"李建国\"}").field("id");
        Pdf order = issue(inspector, "{\"kind\":\"RECTIFICATION_ORDER\",\"recordId\":\"" + id + "\"}");
        assertThat(order.status).as(order.error).isEqualTo(200);
        Http.Answer rectified = inspector.patch("/api/hazards/" + id, "{\"status\":\"RECTIFIED\",\"rectificationCompletedAt\":\""
                + today().minusDays(1) + "\"}", "1");
        assertThat(rectified.status()).as(rectified.body()).isEqualTo(200);
        Pdf after = issue(inspector, "{\"kind\":\"RECTIFICATION_ORDER\",\"recordId\":\"" + id + "\"}");
        assertThat(after.status).isEqualTo(422);
        assertThat(after.error).contains("已整改完成", "整改完成（");
        JsonObject list = inspector.get("/api/documents?subject=" + id).json();
        assertThat(list.getAsJsonArray("items")).hasSize(1);
        assertThat(list.getAsJsonArray("items").get(0).getAsJsonObject().get("number").getAsString()).isEqualTo(order.number);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneId.of("Asia/Shanghai"));
    }

    /** A listed major danger in treatment, its six-part plan written and its deadline 30 days ahead: one an order applies to. */
    private static String majorDangerInTreatment(Http inspector, String description) {
        LocalDate today = today();
        return inspector.post("/api/hazards", """
                {"unitId":"%s","grade":"MAJOR","category":"HAZARDOUS_CHEMICALS","description":"%s",
                 "location":{"address":"化工园8号"},"foundAt":"%sT09:00:00+08:00","deadline":"%s","responsiblePerson":"李建国",
                 "status":"IN_TREATMENT",
                 "treatmentPlan":{"objectivesAndTasks":"加装报警并与紧急切断阀联锁","methodsAndMeasures":"停用储罐，委托设计院改造",
                   "fundsAndMaterials":"专项资金40万元","responsibleBodyAndPeople":"设备部，负责人李建国","timeLimit":"%s前完成",
                   "safetyAndEmergencyMeasures":"设置警戒区，编制专项应急预案"},
                 "supervisionListing":[{"event":"LISTED","level":"COUNTY","date":"%s","documentNumber":"栖安委办〔%s〕9号",
                                       "authority":"栖霞市安全生产委员会办公室"}]}
                """.formatted(DemoData.CHEMICAL_CO, description, today.minusDays(3), today.plusDays(30), today.plusDays(30),
                today.minusDays(1), today.getYear())).field("id");
    }

    @Test
    void twoOrdersIssuedAtOnceTakeDistinctConsecutiveNumbers() throws Exception {
        Http inspector = new Http(target.getUri()).login(DemoData.INSPECTOR_USER, DemoData.INSPECTOR_PASSWORD);
        List<String> hazards = List.of(majorDangerInTreatment(inspector, "液氯钢瓶存放区无防倾倒措施"),
                majorDangerInTreatment(inspector, "反应釜安全阀校验过期"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Pdf>> answers = new ArrayList<>();
            for (String id : hazards) {
                Callable<Pdf> call = () -> issue(inspector, "{\"kind\":\"RECTIFICATION_ORDER\",\"recordId\":\"" + id + "\"}");
                answers.add(pool.submit(call));
            }
            List<Integer> numbers = new ArrayList<>();
            for (Future<Pdf> answer : answers) {
                Pdf pdf = answer.get();
                assertThat(pdf.status).as(pdf.error).isEqualTo(200);
                Matcher m = Pattern.compile("〔\\d{4}〕(\\d+)号").matcher(pdf.number);
                assertThat(m.find()).isTrue();
                numbers.add(Integer.parseInt(m.group(1)));
            }
            assertThat(numbers).doesNotHaveDuplicates();
            assertThat(Math.abs(numbers.get(0) - numbers.get(1))).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theLedgerAndTheCaseFileReadInChineseWithinTheCallersScope() throws Exception {
        Http reviewer = new Http(target.getUri()).login(DemoData.REVIEWER_USER, DemoData.REVIEWER_PASSWORD);
        Pdf ledger = issue(reviewer, "{\"kind\":\"HAZARD_LEDGER\",\"filter\":{\"jurisdiction\":\"370686\"}}");
        assertThat(ledger.status).as(ledger.error).isEqualTo(200);
        String text = ledger.text().replace("\n", "");
        assertThat(text).contains("隐患台账", ledger.number, "栖霞市鑫源化工有限公司", "栖霞市金岭矿业有限公司", "重大事故隐患", "治理中", "已复查验收",
                "县级挂牌", "逾期应升级至市级");
        assertChinese(text);
        ledger.assertPageOneNotBlank("hazard-ledger");

        String caseId = reviewer.get("/api/cases").json().getAsJsonArray("items").get(0).getAsJsonObject().get("id").getAsString();
        Pdf caseFile = issue(reviewer, "{\"kind\":\"CASE_FILE\",\"caseId\":\"" + caseId + "\"}");
        assertThat(caseFile.status).as(caseFile.error).isEqualTo(200);
        String summary = caseFile.text().replace("\n", "");
        assertThat(summary).contains("案卷", caseFile.number, "栖纪案〔", "栖霞市鑫源化工有限公司", "直接责任", "领导责任", "一般事故",
                "1,850,000元", "四不放过");
        assertChinese(summary);
        caseFile.assertPageOneNotBlank("case-file");

        // an inspector prints no case file; a reviewer of another county finds neither the case nor the record
        Http inspector = new Http(target.getUri()).login(DemoData.INSPECTOR_USER, DemoData.INSPECTOR_PASSWORD);
        assertThat(issue(inspector, "{\"kind\":\"CASE_FILE\",\"caseId\":\"" + caseId + "\"}").status).isEqualTo(403);
        Http stranger = TestUsers.create(TestUsers.admin(target.getUri()), "docstranger", "REVIEWER", "370602");
        assertThat(issue(stranger, "{\"kind\":\"CASE_FILE\",\"caseId\":\"" + caseId + "\"}").status).isEqualTo(404);
        assertThat(issue(stranger, "{\"kind\":\"INSPECTION_RECORD\",\"recordId\":\"" + DemoData.INSPECTION + "\"}").status).isEqualTo(404);
        assertThat(stranger.get("/api/documents").json().getAsJsonArray("items")).isEmpty();
        assertThat(stranger.get("/api/documents/" + caseFile.id + "/pdf").status()).isEqualTo(404);
        assertThat(reviewer.get("/api/documents/" + caseFile.id).json().get("number").getAsString()).isEqualTo(caseFile.number);

        // a ledger about another county's unit: absent, never its name; a filter that is not one, or an
        // impossible period, is refused before a number is taken
        assertThat(issue(stranger, "{\"kind\":\"HAZARD_LEDGER\",\"filter\":{\"unit\":\"" + DemoData.CHEMICAL_CO + "\"}}").status)
                .isEqualTo(404);
        assertThat(issue(reviewer, "{\"kind\":\"HAZARD_LEDGER\",\"filter\":\"x\"}").status).isEqualTo(400);
        assertThat(issue(reviewer, "{\"kind\":\"HAZARD_LEDGER\",\"filter\":{\"bogus\":1}}").status).isEqualTo(400);
        assertThat(issue(reviewer, "{\"kind\":\"HAZARD_LEDGER\",\"filter\":{\"from\":\"2026-11-30T00:00:00Z\",\"to\":\"2026-11-01T00:00:00Z\"}}")
                .status).isEqualTo(400);
        // the ledger one user printed is theirs to open again; another user with the same scope prints their own
        Http otherReviewer = TestUsers.create(TestUsers.admin(target.getUri()), "docreviewer2", "REVIEWER", "370686");
        Pdf mine = issue(otherReviewer, "{\"kind\":\"HAZARD_LEDGER\",\"filter\":{\"jurisdiction\":\"370686\"}}");
        assertThat(mine.status).isEqualTo(200);
        assertThat(otherReviewer.get("/api/documents/" + mine.id + "/pdf").status()).isEqualTo(200);
    }

    private static void assertChinese(String text) {
        assertThat(CODE.matcher(text).results().map(java.util.regex.MatchResult::group).toList()).as("bare codes in:\n" + text).isEmpty();
        assertThat(UUID.matcher(text).find()).as("a UUID in:\n" + text).isFalse();
    }

    /** A document as the API answered it. */
    static final class Pdf {
        int status;
        String error = "";
        String id;
        String number;
        String sha256;
        boolean reissued;
        byte[] bytes;

        String text() throws IOException {
            try (PDDocument doc = Loader.loadPDF(bytes)) {
                return new PDFTextStripper().getText(doc);
            }
        }

        /** How many images the pages draw. */
        int images() throws IOException {
            int n = 0;
            try (PDDocument doc = Loader.loadPDF(bytes)) {
                for (PDPage page : doc.getPages()) {
                    for (var name : page.getResources().getXObjectNames()) {
                        if (page.getResources().isImageXObject(name)) {
                            n++;
                        }
                    }
                }
            }
            return n;
        }

        void assertFontEmbedded() throws IOException {
            try (PDDocument doc = Loader.loadPDF(bytes)) {
                PDPage page = doc.getPage(0);
                List<String> fonts = new ArrayList<>();
                for (var name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertThat(font.isEmbedded()).as(font.getName() + " embedded").isTrue();
                    fonts.add(font.getName());
                }
                // a subset carries a six-letter tag: ABCDEF+WenQuanYiMicroHei
                assertThat(fonts).isNotEmpty().allMatch(n -> n.matches("[A-Z]{6}\\+.+"));
            }
        }

        void assertPageOneNotBlank(String name) throws IOException {
            try (PDDocument doc = Loader.loadPDF(bytes)) {
                BufferedImage image = new PDFRenderer(doc).renderImageWithDPI(0, 72);
                int dark = 0;
                for (int y = 0; y < image.getHeight(); y++) {
                    for (int x = 0; x < image.getWidth(); x++) {
                        int rgb = image.getRGB(x, y);
                        if (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 384) {
                            dark++;
                        }
                    }
                }
                assertThat(dark).as("dark pixels on page 1").isGreaterThan(2000);
                Path dir = Path.of("target/screenshots");
                Files.createDirectories(dir);
                ImageIO.write(new PDFRenderer(doc).renderImageWithDPI(0, 110), "png", dir.resolve("document-" + name + ".png").toFile());
            }
        }
    }

    static Pdf issue(Http as, String body) throws IOException, InterruptedException {
        long started = System.nanoTime();
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(as.base() + "/api/documents"))
                .header("Authorization", "Bearer " + as.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        Pdf pdf = new Pdf();
        pdf.status = response.statusCode();
        if (pdf.status != 200) {
            pdf.error = new String(response.body(), StandardCharsets.UTF_8);
            return pdf;
        }
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pdf");
        pdf.bytes = response.body();
        pdf.id = response.headers().firstValue("X-Fieldsync-Document-Id").orElseThrow();
        pdf.number = URLDecoder.decode(response.headers().firstValue("X-Fieldsync-Document-Number").orElseThrow(), StandardCharsets.UTF_8);
        pdf.sha256 = response.headers().firstValue("X-Fieldsync-Document-Sha256").orElseThrow();
        pdf.reissued = Boolean.parseBoolean(response.headers().firstValue("X-Fieldsync-Document-Reissued").orElseThrow());
        // a figure for the report, not an assertion
        System.out.printf("document %s: %d bytes in %d ms%s%n", pdf.number, pdf.bytes.length, (System.nanoTime() - started) / 1_000_000,
                pdf.reissued ? " (issued before)" : "");
        return pdf;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

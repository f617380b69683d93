package cn.fieldsync.server.document;

import cn.fieldsync.schemas.JsonFields;
import cn.fieldsync.schemas.Labels;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Optional;

/**
 * Renders each kind of document as the paper form reads: title, number, the fields, the body,
 * the signature area, the issuing authority and the date (2026年11月30日). Every code is printed by
 * its Chinese name from {@link Labels}, units and persons by name, money as 元 with grouping,
 * times in the configured zone. Thread-safe: each call makes its own PDF.
 */
final class DocumentRenderer {

    /** What the documents name but do not hold: names of units and persons, attachment bytes. */
    interface Sources {
        /** The unit's name, or a placeholder when it cannot be read. */
        String unitName(String unitId);

        String personName(String personId);

        Optional<byte[]> attachment(String sha256);
    }

    /**
     * The header every document shares.
     *
     * @param issuedAt when the number was taken, shown as the document's date in {@code zone}
     */
    record Heading(DocumentKind kind, String number, ZonedDateTime issuedAt, String authority) {
    }

    private final DocumentSettings settings;
    private final ZoneId zone;

    DocumentRenderer(DocumentSettings settings, ZoneId zone) {
        this.settings = settings;
        this.zone = zone;
    }

    /** 现场检查记录 (安全生产法 art 68): what was inspected, found and ordered, signed by both sides or the refusal recorded. */
    byte[] inspectionRecord(Heading heading, JsonObject inspection, Sources sources) {
        return render(heading, false, (layout, doc) -> {
            String unitId = text(inspection, "unitId");
            layout.field("被检查单位", sources.unitName(unitId));
            JsonObject place = object(inspection, "place");
            layout.field("检查地点", text(place, "address"));
            String ended = text(inspection, "endedAt");
            layout.field("检查时间", ChineseText.when(text(inspection, "startedAt"), zone)
                    + (ended.isEmpty() ? "" : " 至 " + ChineseText.when(ended, zone)));
            List<String> inspectors = new ArrayList<>();
            for (JsonObject i : objects(inspection, "inspectors")) {
                String cert = text(i, "certificateNumber");
                inspectors.add(text(i, "name") + (cert.isEmpty() ? "" : "（执法证号 " + cert + "）"));
            }
            layout.field("执法人员", String.join("、", inspectors));
            if (!text(inspection, "checklistTemplate").isEmpty()) {
                layout.field("检查依据", text(inspection, "checklistTemplate"));
            }
            List<JsonObject> checklist = objects(inspection, "checklist");
            if (!checklist.isEmpty()) {
                layout.heading("检查项目");
                List<List<String>> rows = new ArrayList<>();
                int n = 1;
                for (JsonObject item : checklist) {
                    rows.add(List.of(String.valueOf(n++), text(item, "text"), Labels.name("checkResults", text(item, "result")),
                            text(item, "note") + (item.has("forcesMajor") && item.get("forcesMajor").getAsBoolean() ? "（判定为重大事故隐患的项目）" : "")));
                }
                layout.table(List.of("序号", "检查内容", "结果", "说明"), new float[] {1, 8, 2, 5}, rows, 10);
            }
            layout.heading("发现的问题");
            List<String> findings = strings(inspection, "findings");
            if (findings.isEmpty()) {
                layout.paragraph("未发现问题。", 22);
            }
            for (int i = 0; i < findings.size(); i++) {
                layout.paragraph((i + 1) + ". " + findings.get(i), 22);
            }
            List<JsonObject> measures = objects(inspection, "onSiteMeasures");
            if (!measures.isEmpty()) {
                layout.heading("现场处理措施");
                for (JsonObject m : measures) {
                    String deadline = text(m, "deadline");
                    layout.paragraph(Labels.name("onSiteMeasures", text(m, "kind")) + "：" + text(m, "description")
                            + (deadline.isEmpty() ? "" : "（期限：" + ChineseText.date(java.time.LocalDate.parse(deadline)) + "前）"), 22);
                }
            }
            List<String> photos = strings(inspection, "photos");
            if (!photos.isEmpty()) {
                layout.heading("现场照片");
                List<Picture> pictures = new ArrayList<>();
                for (int i = 0; i < photos.size(); i++) {
                    pictures.add(new Picture(photos.get(i), "照片" + (i + 1)));
                }
                images(layout, pictures, sources, 110);
            }
            layout.heading("签字");
            List<Picture> signatures = new ArrayList<>();
            List<String> signedBy = new ArrayList<>();
            for (JsonObject s : objects(inspection, "signatures")) {
                String who = Labels.name("signerRoles", text(s, "role")) + " " + text(s, "name")
                        + (text(s, "position").isEmpty() ? "" : "（" + text(s, "position") + "）");
                signedBy.add(who + "，" + ChineseText.when(text(s, "signedAt"), zone) + "签字");
                if (!text(s, "signatureImage").isEmpty()) {
                    signatures.add(new Picture(text(s, "signatureImage"), who));
                }
            }
            signedBy.forEach(line -> layout.paragraph(line, 0));
            JsonObject refusal = object(inspection, "refusalToSign");
            if (refusal != null) {
                JsonObject witness = object(refusal, "witness");
                layout.paragraph("被检查单位负责人 " + text(refusal, "refusedBy")
                        + (text(refusal, "refusedByRole").isEmpty() ? "" : "（" + text(refusal, "refusedByRole") + "）")
                        + " 拒绝签字" + (text(refusal, "reason").isEmpty() ? "" : "，理由：" + text(refusal, "reason"))
                        + "；记录时间：" + ChineseText.when(text(refusal, "recordedAt"), zone)
                        + (witness == null ? "" : "；见证人：" + text(witness, "name")
                        + (text(witness, "position").isEmpty() ? "" : "（" + text(witness, "position") + "）"))
                        + "（安全生产法第六十八条：拒绝签字的，记录在案并向负有安全生产监督管理职责的部门报告）。", 0);
                if (witness != null && !text(witness, "signatureImage").isEmpty()) {
                    signatures.add(new Picture(text(witness, "signatureImage"), "见证人 " + text(witness, "name")));
                }
                JsonObject report = object(inspection, "refusalReport");
                if (report != null) {
                    layout.paragraph("拒签情况已于" + ChineseText.when(text(report, "reportedAt"), zone) + "报告" + text(report, "reportedTo")
                            + (text(report, "documentNumber").isEmpty() ? "" : "（" + text(report, "documentNumber") + "）") + "。", 0);
                }
            }
            images(layout, signatures, sources, 60);
            layout.field("签章状态", sealState(inspection));
        });
    }

    /** 责令限期整改指令书 (安全生产法 arts 65(三), 102): the danger, the deadline in force, who rectifies. */
    byte[] rectificationOrder(Heading heading, JsonObject hazard, Sources sources) {
        return render(heading, false, (layout, doc) -> {
            String unit = sources.unitName(text(hazard, "unitId"));
            layout.paragraph(unit + "：", 0);
            layout.paragraph("经查，你单位存在下列事故隐患：", 22);
            layout.paragraph(hazardLine(hazard), 22);
            String deadline = text(hazard, "deadline");
            String grade = text(hazard, "grade");
            layout.paragraph("依据《中华人民共和国安全生产法》第六十五条第一款第（三）项、第一百零二条的规定，现责令你单位于"
                    + (deadline.isEmpty() ? "规定期限" : ChineseText.date(java.time.LocalDate.parse(deadline))) + "前整改完毕，"
                    + "达到有关法律法规规章和标准规定的要求。整改责任人：" + or(text(hazard, "responsiblePerson"), "（未登记）") + "。", 22);
            if ("MAJOR".equals(grade)) {
                layout.paragraph("本隐患为重大事故隐患：排除前或者排除过程中无法保证安全的，应当从危险区域内撤出作业人员，"
                        + "暂时停产停业或者停止使用相关设施、设备；隐患排除后，经审查同意，方可恢复生产经营和使用。", 22);
                JsonObject plan = object(hazard, "treatmentPlan");
                if (plan != null) {
                    layout.heading("重大事故隐患治理方案");
                    String[][] parts = {{"objectivesAndTasks", "治理的目标和任务"}, {"methodsAndMeasures", "采取的方法和措施"},
                            {"fundsAndMaterials", "经费和物资的落实"}, {"responsibleBodyAndPeople", "负责治理的机构和人员"},
                            {"timeLimit", "治理的时限和要求"}, {"safetyAndEmergencyMeasures", "安全措施和应急预案"}};
                    for (String[] part : parts) {
                        layout.field(part[1], text(plan, part[0]));
                    }
                }
                listings(layout, hazard);
            }
            for (JsonObject e : objects(hazard, "extensions")) {
                layout.paragraph("整改期限已经" + text(e, "approvedBy") + "于" + ChineseText.day(text(e, "approvedAt"), zone) + "批准，由"
                        + ChineseText.day(text(e, "previousDeadline"), zone) + "延至" + ChineseText.day(text(e, "newDeadline"), zone)
                        + "（原因：" + text(e, "reason") + "）。", 22);
            }
            layout.paragraph("整改期间，你单位应当采取措施，确保安全生产。对本指令不服的，可以自收到之日起六十日内依法申请行政复议"
                    + "（行政复议法第二十条），或者依法提起行政诉讼；复议、诉讼期间本指令不停止执行，法律另有规定的除外。", 22);
            signatureLines(layout, "被检查单位负责人（签收）", "执法人员（签名）");
        });
    }

    /**
     * 整改复查意见书: the order's number, each re-inspection with its result, and the opinion the
     * latest one (or the recorded verification / close-out review) gives.
     *
     * @param orderNumber the number of the 责令限期整改指令书 issued for this danger, if one was
     */
    byte[] reinspectionOpinion(Heading heading, JsonObject hazard, Optional<String> orderNumber, Sources sources) {
        return render(heading, false, (layout, doc) -> {
            layout.paragraph(sources.unitName(text(hazard, "unitId")) + "：", 0);
            layout.paragraph("本机关" + orderNumber.map(n -> "以《责令限期整改指令书》（" + n + "）").orElse("") + "责令你单位限期整改的下列事故隐患：", 22);
            layout.paragraph(hazardLine(hazard), 22);
            if (!text(hazard, "rectificationCompletedAt").isEmpty()) {
                layout.paragraph("你单位记录的整改完成日期：" + ChineseText.day(text(hazard, "rectificationCompletedAt"), zone) + "。", 22);
            }
            List<JsonObject> reinspections = objects(hazard, "reinspections");
            if (!reinspections.isEmpty()) {
                layout.heading("复查情况");
                List<List<String>> rows = new ArrayList<>();
                for (JsonObject r : reinspections) {
                    rows.add(List.of(ChineseText.day(text(r, "date"), zone), Labels.name("reinspectionResults", text(r, "result")),
                            text(r, "inspector"), text(r, "note")));
                }
                layout.table(List.of("复查日期", "复查结论", "复查人员", "说明"), new float[] {3, 2, 2, 6}, rows, 10);
            }
            layout.heading("复查意见");
            layout.paragraph(opinion(hazard, reinspections), 22);
            signatureLines(layout, "被检查单位负责人（签收）", "复查人员（签名）");
        });
    }

    /** Whether a re-inspection opinion has anything to say: a re-inspection, a verification or a close-out review. */
    static boolean reinspected(JsonObject hazard) {
        return !objects(hazard, "reinspections").isEmpty() || !text(hazard, "verifiedAt").isEmpty() || object(hazard, "closeOutReview") != null;
    }

    private String opinion(JsonObject hazard, List<JsonObject> reinspections) {
        JsonObject review = object(hazard, "closeOutReview");
        if (review != null) {
            return "经" + text(review, "authority") + "审查，同意该重大事故隐患销号，恢复生产经营和使用（" + ChineseText.day(text(review, "agreedAt"), zone)
                    + (text(review, "documentNumber").isEmpty() ? "" : "，" + text(review, "documentNumber")) + "）。";
        }
        JsonObject last = reinspections.isEmpty() ? null : reinspections.get(reinspections.size() - 1);
        if (last != null && "FAILED".equals(text(last, "result"))) {
            return "经" + ChineseText.day(text(last, "date"), zone) + "复查，该隐患未按要求整改完毕。你单位应当立即继续整改，"
                    + "整改期间采取措施确保安全；拒不执行的，依照安全生产法第一百零二条处理。";
        }
        String day = last != null ? text(last, "date") : text(hazard, "verifiedAt");
        String by = last != null ? text(last, "inspector") : text(hazard, "verifiedBy");
        return "经" + ChineseText.day(day, zone) + "复查" + (by.isEmpty() ? "" : "（复查人员：" + by + "）") + "，该隐患已按要求整改完毕，复查合格。";
    }

    /** 隐患台账: one row per danger of the caller's list, landscape. */
    byte[] hazardLedger(Heading heading, String scopeText, List<JsonObject> hazards, Sources sources) {
        return render(heading, true, (layout, doc) -> {
            layout.field("范围", scopeText);
            List<List<String>> rows = new ArrayList<>();
            int n = 1;
            int overdue = 0;
            int major = 0;
            for (JsonObject h : hazards) {
                boolean late = h.has("overdue") && h.get("overdue").getAsBoolean();
                overdue += late ? 1 : 0;
                major += "MAJOR".equals(text(h, "grade")) ? 1 : 0;
                rows.add(List.of(String.valueOf(n++), sources.unitName(text(h, "unitId")), text(h, "description"),
                        Labels.name("hazardGrades", text(h, "grade")), Labels.name("hazardCategories", text(h, "category")),
                        ChineseText.day(text(h, "foundAt"), zone), ChineseText.day(text(h, "deadline"), zone),
                        Labels.name("hazardStatus", text(h, "status")), late ? "是" : "否", listing(h), text(h, "responsiblePerson")));
            }
            layout.field("合计", hazards.size() + "项，其中重大事故隐患" + major + "项，逾期未整改" + overdue + "项");
            layout.table(List.of("序号", "单位", "隐患描述", "等级", "类别", "发现日期", "整改期限", "状态", "逾期", "挂牌督办", "整改责任人"),
                    new float[] {2.2f, 6, 10, 4.5f, 3.5f, 5, 5, 4, 2.2f, 6, 4}, rows, 8.5f);
        });
    }

    /**
     * 案卷: the case's summary, then each track (直接责任, 领导责任) with its parties, findings, confirmed
     * evidence and accountability actions with their steps and deadlines; the 四不放过 checklist.
     *
     * @param caseJson  the case as {@code GET /api/cases/{id}} answers it
     * @param evidence  a one-line description of each confirmed evidence record, by id
     */
    byte[] caseFile(Heading heading, JsonObject caseJson, java.util.Map<String, String> evidence, Sources sources) {
        return render(heading, false, (layout, doc) -> {
            layout.field("案件编号", text(caseJson, "number"));
            layout.field("案由", text(caseJson, "title"));
            layout.field("被调查单位", sources.unitName(text(caseJson, "subjectUnitId")));
            if (!text(caseJson, "supervisingUnitId").isEmpty()) {
                layout.field("监管单位", sources.unitName(text(caseJson, "supervisingUnitId")));
            }
            JsonObject event = object(caseJson, "event");
            layout.field("事件", Labels.name("eventKinds", text(event, "kind")) + "，" + ChineseText.when(text(event, "at"), zone)
                    + (text(event, "description").isEmpty() ? "" : "，" + text(event, "description")));
            if (event != null && event.has("deaths")) {
                layout.field("伤亡和损失", "死亡" + event.get("deaths").getAsInt() + "人，重伤" + event.get("seriousInjuries").getAsInt() + "人，直接经济损失"
                        + ChineseText.yuan(new BigDecimal(event.get("directLossCny").getAsString())));
            }
            if (!text(caseJson, "grade").isEmpty()) {
                layout.field("事故等级", Labels.name("accidentGrades", text(caseJson, "grade")));
            }
            layout.field("立案日期", ChineseText.day(text(caseJson, "openedAt"), zone));
            layout.field("办理状态", Labels.name("caseStatus", text(caseJson, "status")));
            JsonObject deadlines = object(caseJson, "deadlines");
            if (deadlines != null && !text(deadlines, "reportDue").isEmpty()) {
                layout.field("调查报告期限", ChineseText.day(text(deadlines, "reportDue"), zone)
                        + (deadlines.has("basis") ? "（" + text(object(deadlines, "basis"), "reportDue") + "）" : ""));
            }
            JsonObject tracks = object(caseJson, "tracks");
            String[] numerals = {"一", "二"};
            int t = 0;
            for (String track : List.of("DIRECT", "LEADERSHIP")) {
                JsonObject tr = object(tracks, track);
                layout.heading(numerals[t++] + "、" + Labels.name("tracks", track));
                track(layout, tr, evidence, sources);
            }
            layout.heading("四不放过");
            JsonObject checklist = object(caseJson, "checklist");
            for (String item : Labels.section("closeOutChecklist").keySet()) {
                JsonObject entry = object(checklist, item);
                boolean done = entry != null && entry.has("done") && entry.get("done").getAsBoolean();
                layout.field(Labels.name("closeOutChecklist", item), done ? "已落实" : "未落实");
            }
        });
    }

    private void track(PdfLayout layout, JsonObject track, java.util.Map<String, String> evidence, Sources sources) {
        List<JsonObject> parties = objects(track, "parties");
        layout.paragraph("当事人：" + (parties.isEmpty() ? "尚未确定" : ""), 0);
        if (!parties.isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            for (JsonObject p : parties) {
                rows.add(List.of(text(p, "name"), text(p, "postAtEvent"),
                        text(p, "unitId").isEmpty() ? "" : sources.unitName(text(p, "unitId")), Labels.name("responsibilities", text(p, "responsibility"))));
            }
            layout.table(List.of("姓名", "事发时职务", "单位", "责任类型"), new float[] {2, 3, 5, 3}, rows, 10);
        }
        List<JsonObject> findings = objects(track, "findings");
        layout.paragraph("调查认定：" + (findings.isEmpty() ? "尚无" : ""), 0);
        int n = 1;
        for (JsonObject f : findings) {
            List<String> persons = strings(f, "personIds").stream().map(sources::personName).toList();
            layout.paragraph((n++) + ". " + text(f, "text") + (persons.isEmpty() ? "" : "（涉及：" + String.join("、", persons) + "）"), 22);
        }
        List<List<String>> confirmed = new ArrayList<>();
        for (JsonObject l : objects(track, "links")) {
            if ("CONFIRMED".equals(text(l, "state"))) {
                confirmed.add(List.of(evidence.getOrDefault(text(l, "evidenceId"), Labels.name("recordTypes", text(l, "evidenceType"))),
                        Labels.name("linkRoles", text(l, "role")) + (l.has("aggravating") && l.get("aggravating").getAsBoolean() ? "（从重情节）" : ""),
                        text(l, "reason"), ChineseText.day(text(l, "decidedAt"), zone)));
            }
        }
        layout.paragraph("已确认的证据：" + (confirmed.isEmpty() ? "尚无" : ""), 0);
        if (!confirmed.isEmpty()) {
            layout.table(List.of("证据", "证明事项", "关联理由", "确认日期"), new float[] {6, 3, 6, 3}, confirmed, 9);
        }
        List<JsonObject> actions = objects(track, "actions");
        layout.paragraph("问责：" + (actions.isEmpty() ? "尚无" : ""), 0);
        n = 1;
        for (JsonObject a : actions) {
            String target = !text(a, "personId").isEmpty() ? sources.personName(text(a, "personId")) : sources.unitName(text(a, "targetUnitId"));
            JsonObject form = object(a, "form");
            JsonObject body = object(a, "decidingBody");
            layout.paragraph((n++) + ". 对" + target + "：" + formName(form) + "，" + Labels.name("actionSteps", text(a, "state"))
                    + (body == null ? "" : "；决定机关：" + text(body, "name")), 22);
            List<List<String>> steps = new ArrayList<>();
            for (JsonObject s : objects(a, "steps")) {
                steps.add(List.of(Labels.name("actionSteps", text(s, "step")), ChineseText.day(text(s, "on"), zone), text(s, "note")));
            }
            if (!steps.isEmpty()) {
                layout.table(List.of("程序步骤", "日期", "说明"), new float[] {3, 3, 7}, steps, 9);
            }
            JsonObject deadlines = object(a, "deadlines");
            if (deadlines != null) {
                JsonObject basis = object(deadlines, "basis");
                String[][] names = {{"statement", "陈述申辩期限"}, {"reviewRequest", "申请复审（复核）期限"}, {"directAppeal", "直接申诉期限"},
                        {"reviewDecision", "复审（复核）决定期限"}, {"appealAfterReview", "申诉期限"}, {"appealDecision", "申诉决定期限"}};
                for (String[] name : names) {
                    if (!text(deadlines, name[0]).isEmpty()) {
                        String why = text(basis, name[0]);
                        layout.paragraph(name[1] + "：" + ChineseText.day(text(deadlines, name[0]), zone) + (why.isEmpty() ? "" : "（" + why + "）"), 44);
                    }
                }
            }
            if (!text(a, "influenceEnds").isEmpty()) {
                layout.paragraph("影响期至" + ChineseText.day(text(a, "influenceEnds"), zone) + "（" + text(a, "influenceBasis") + "）", 44);
            }
        }
    }

    private static String formName(JsonObject form) {
        String category = Labels.name("actionCategories", text(form, "category"));
        String kind = Labels.name("actionKinds", text(form, "kind"));
        return category.startsWith("提醒警示") ? kind : category + "·" + kind;
    }

    private interface Body {
        void write(PdfLayout layout, PDDocument document);
    }

    /** The frame every document shares: title, number, body, issuing authority and date; page numbers. */
    private byte[] render(Heading heading, boolean landscape, Body body) {
        try (PDDocument document = new PDDocument(); DocumentFont font = DocumentFont.load(document, settings)) {
            PDDocumentInformation info = document.getDocumentInformation();
            String title = Labels.name("documentKinds", heading.kind().name());
            info.setTitle(title + " " + heading.number());
            info.setAuthor(heading.authority());
            info.setCreator("fieldsync");
            info.setCreationDate(GregorianCalendar.from(heading.issuedAt()));
            PdfLayout layout = new PdfLayout(document, font.font, landscape);
            layout.title(title);
            layout.centred(heading.number(), 12);
            layout.gap(6);
            body.write(layout, document);
            layout.gap(24);
            layout.space(60);
            layout.right(heading.authority() + "（印章）", 12);
            layout.right(ChineseText.date(heading.issuedAt().toLocalDate()), 12);
            layout.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Picture(String sha256, String caption) {
    }

    private static void images(PdfLayout layout, List<Picture> pictures, Sources sources, float height) {
        List<PDImageXObject> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        int n = 0;
        for (Picture p : pictures) {
            Optional<byte[]> bytes = sources.attachment(p.sha256());
            PDImageXObject image = bytes.map(b -> layout.image(b, "a" + p.sha256().substring(0, 8))).orElse(null);
            if (image == null) {
                layout.paragraph(p.caption() + "：图像未能读取（附件 SHA-256 " + p.sha256().substring(0, 16) + "…）", 0);
                continue;
            }
            images.add(image);
            captions.add(p.caption());
            n++;
        }
        if (n > 0) {
            layout.images(images, captions, height);
        }
    }

    private static void signatureLines(PdfLayout layout, String left, String right) {
        layout.gap(18);
        layout.paragraph(left + "：________________    " + right + "：________________  ________________", 0);
        layout.paragraph("签收日期：      年    月    日", 0);
    }

    private String hazardLine(JsonObject hazard) {
        JsonObject location = object(hazard, "location");
        return text(hazard, "description") + "（" + Labels.name("hazardGrades", text(hazard, "grade")) + "，"
                + Labels.name("hazardCategories", text(hazard, "category"))
                + (text(location, "address").isEmpty() ? "" : "，位置：" + text(location, "address"))
                + "，发现时间：" + ChineseText.when(text(hazard, "foundAt"), zone) + "）";
    }

    private void listings(PdfLayout layout, JsonObject hazard) {
        for (JsonObject e : objects(hazard, "supervisionListing")) {
            layout.paragraph(ChineseText.day(text(e, "date"), zone) + "，" + text(e, "authority") + "：" + Labels.name("listingLevels", text(e, "level"))
                    + Labels.name("listingEvents", text(e, "event")) + (text(e, "documentNumber").isEmpty() ? "" : "（" + text(e, "documentNumber") + "）"), 22);
        }
    }

    /** The ledger's listing column: the level and document of the listing in force, or 已摘牌. */
    private static String listing(JsonObject hazard) {
        List<JsonObject> events = objects(hazard, "supervisionListing");
        if (events.isEmpty()) {
            return "";
        }
        JsonObject last = events.get(events.size() - 1);
        String escalate = text(hazard, "escalateTo");
        return "LISTED".equals(text(last, "event"))
                ? Labels.name("listingLevels", text(last, "level")) + "挂牌 " + text(last, "documentNumber")
                + (escalate.isEmpty() ? "" : "，逾期应升级至" + Labels.name("listingLevels", escalate))
                : Labels.name("listingEvents", "DELISTED");
    }

    private String sealState(JsonObject record) {
        String status = Labels.name("inspectionStatus", or(text(record, "status"), "DRAFT"));
        if (!record.has("seal")) {
            return status + "（未封存）";
        }
        boolean verified = record.has("sealVerified") && record.get("sealVerified").getAsBoolean();
        String sealed = ChineseText.when(text(object(record, "seal"), "sealedAt"), zone);
        return status + (sealed.isEmpty() ? "" : "，" + sealed + "封存")
                + (verified ? "，电子签章（Ed25519）校验通过：内容自封存后未被改动" : "，电子签章校验未通过：内容与封存时不一致");
    }

    /** A member as printed text: {@link JsonFields#text}, blank where that is null. */
    static String text(JsonObject o, String name) {
        return JsonFields.textOr(o, name, "");
    }

    static JsonObject object(JsonObject o, String name) {
        return JsonFields.object(o, name);
    }

    static List<JsonObject> objects(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        List<JsonObject> list = new ArrayList<>();
        if (e != null && e.isJsonArray()) {
            for (JsonElement item : e.getAsJsonArray()) {
                if (item.isJsonObject()) {
                    list.add(item.getAsJsonObject());
                }
            }
        }
        return list;
    }

    static List<String> strings(JsonObject o, String name) {
        JsonElement e = o == null ? null : o.get(name);
        List<String> list = new ArrayList<>();
        if (e != null && e.isJsonArray()) {
            for (JsonElement item : (JsonArray) e) {
                if (item.isJsonPrimitive()) {
                    list.add(item.getAsString());
                }
            }
        }
        return list;
    }

    private static String or(String text, String fallback) {
        return text.isEmpty() ? fallback : text;
    }
}

package cn.fieldsync.server.ledger;

import cn.fieldsync.schemas.ChineseDates;
import cn.fieldsync.schemas.Labels;
import cn.fieldsync.schemas.RecordType;
import cn.fieldsync.server.identity.Caller;
import cn.fieldsync.server.record.Page;
import cn.fieldsync.server.record.RecordFilter;
import cn.fieldsync.server.record.RecordService;
import cn.fieldsync.server.record.StoredRecord;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static cn.fieldsync.schemas.JsonFields.textOr;

/**
 * The hidden-danger ledger 隐患台账 as a file: the hazards a list would show (same filters, same
 * scope), one row each, in CSV (UTF-8 with a byte-order mark, so that Excel reads the Chinese
 * right) or XLSX (streamed, overdue rows highlighted). What a person reads: codes by their Chinese
 * names ({@link Labels}), dates in Chinese in the server's zone, units by name, and as 编号 the
 * unit's name with a short form of the record's id (a hidden danger has no number of its own).
 */
public final class HazardLedger {

    static final List<String> HEADERS = List.of("编号", "单位", "等级", "类别", "隐患描述", "发现时间", "整改期限", "状态",
            "是否逾期", "挂牌督办", "督办升级至", "责任人", "延期记录", "整改完成日期（现场记录）", "验收/销号日期", "验收人/审查机关");

    private final RecordService records;

    public HazardLedger(RecordService records) {
        this.records = records;
    }

    public void csv(Caller caller, RecordFilter filter, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        writer.write(line(HEADERS));
        try {
            rows(caller, filter, row -> {
                try {
                    writer.write(line(row));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
    }

    public void xlsx(Caller caller, RecordFilter filter, OutputStream out) throws IOException {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(200)) {
            Sheet sheet = workbook.createSheet("隐患台账");
            CellStyle header = workbook.createCellStyle();
            Font bold = workbook.createFont();
            bold.setBold(true);
            header.setFont(bold);
            CellStyle overdue = workbook.createCellStyle();
            overdue.setFillForegroundColor(IndexedColors.ROSE.getIndex());
            overdue.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            write(sheet.createRow(0), HEADERS, header);
            int[] next = {1};
            rows(caller, filter, row -> write(sheet.createRow(next[0]++), row, "是".equals(row.get(8)) ? overdue : null));
            workbook.write(out);
        }
    }

    private static void write(Row row, List<String> values, CellStyle style) {
        for (int i = 0; i < values.size(); i++) {
            Cell cell = row.createCell(i);
            cell.setCellValue(values.get(i));
            if (style != null) {
                cell.setCellStyle(style);
            }
        }
    }

    /** Every hazard of the filter, page by page, as the ledger's columns. */
    private void rows(Caller caller, RecordFilter filter, Consumer<List<String>> sink) {
        Map<String, String> unitNames = new HashMap<>();
        String cursor = null;
        do {
            Page<StoredRecord> page = records.list(caller, RecordType.HAZARD, filter, cursor, 500);
            for (StoredRecord hazard : page.items()) {
                JsonObject json = hazard.toJson();
                String unit = textOr(json, "unitId", "");
                String unitName = unitNames.computeIfAbsent(unit, id -> unitName(caller, id));
                String listing = listing(json);
                sink.accept(List.of(number(unitName, hazard.id()), unitName, Labels.name("hazardGrades", textOr(json, "grade", "")),
                        Labels.name("hazardCategories", textOr(json, "category", "")), textOr(json, "description", ""), day(json, "foundAt"),
                        day(json, "deadline"), Labels.name("hazardStatus", textOr(json, "status", "")),
                        json.has("overdue") && json.get("overdue").getAsBoolean() ? "是" : "否", listing,
                        Labels.name("listingLevels", textOr(json, "escalateTo", "")), textOr(json, "responsiblePerson", ""), extensions(json),
                        day(json, "rectificationCompletedAt"), date(closure(json)), closedBy(json)));
            }
            cursor = page.nextCursor();
        } while (cursor != null);
    }

    /**
     * The 编号 a person can say aloud: the unit's name and the last eight characters of the id (the
     * random part of a UUIDv7, so two dangers of one unit differ), e.g. 栖霞市鑫源化工有限公司-a3c9f0d1.
     */
    static String number(String unitName, String id) {
        return unitName + "-" + id.substring(Math.max(0, id.length() - 8));
    }

    private String day(JsonObject json, String field) {
        return date(textOr(json, field, ""));
    }

    private String date(String iso) {
        return ChineseDates.format(iso, records.zone());
    }

    private String unitName(Caller caller, String id) {
        try {
            return textOr(records.get(caller, RecordType.UNIT, id).body(), "name", "");
        } catch (RuntimeException e) {
            return id;
        }
    }

    private static String listing(JsonObject hazard) {
        JsonElement events = hazard.get("supervisionListing");
        if (events == null || !events.isJsonArray() || events.getAsJsonArray().isEmpty()) {
            return "";
        }
        JsonObject last = events.getAsJsonArray().get(events.getAsJsonArray().size() - 1).getAsJsonObject();
        return "LISTED".equals(textOr(last, "event", "")) ? Labels.name("listingLevels", textOr(last, "level", "")) + "挂牌督办 "
                + textOr(last, "documentNumber", "") : "已摘牌";
    }

    /** Each extension as "原期限→新期限（批准人 批准日）", so the ledger shows why the deadline is what it is. */
    private String extensions(JsonObject hazard) {
        JsonElement list = hazard.get("extensions");
        if (list == null || !list.isJsonArray()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (JsonElement element : list.getAsJsonArray()) {
            JsonObject e = element.getAsJsonObject();
            text.append(text.isEmpty() ? "" : "；").append(date(textOr(e, "previousDeadline", ""))).append("→")
                    .append(date(textOr(e, "newDeadline", ""))).append("（").append(textOr(e, "approvedBy", "")).append(" ")
                    .append(date(textOr(e, "approvedAt", ""))).append("）");
        }
        return text.toString();
    }

    /** The day recorded on site: verifiedAt of a general danger, the review's agreedAt of a major one. */
    private static String closure(JsonObject hazard) {
        return hazard.has("closeOutReview") ? textOr(hazard.getAsJsonObject("closeOutReview"), "agreedAt", "")
                : textOr(hazard, "verifiedAt", "");
    }

    private static String closedBy(JsonObject hazard) {
        if (hazard.has("closeOutReview")) {
            JsonObject review = hazard.getAsJsonObject("closeOutReview");
            return textOr(review, "authority", "") + " " + textOr(review, "documentNumber", "");
        }
        return textOr(hazard, "verifiedBy", "");
    }

    /** One CSV line (RFC 4180): every field quoted, quotes doubled. */
    static String line(List<String> values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i) == null ? "" : values.get(i);
            line.append(i == 0 ? "" : ",").append('"').append(v.replace("\"", "\"\"")).append('"');
        }
        return line.append("\r\n").toString();
    }
}

package cn.fieldsync.server.document;

import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The font setting: a missing font is said in Chinese with what to install; a pattern without {seq} is refused at start. */
class DocumentFontTest {

    @Test
    void aMissingFontIsRefusedWithAChineseMessageNamingThePackage() {
        DocumentSettings settings = DocumentSettings.from(key -> Optional.ofNullable(
                Map.of("fieldsync.documents.font", "/nonexistent/fonts/none.ttc").get(key)));
        assertThatThrownBy(() -> {
            try (PDDocument document = new PDDocument()) {
                DocumentFont.load(document, settings).close();
            }
        }).isInstanceOfSatisfying(FieldsyncException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DOCUMENT_FONT_MISSING);
            assertThat(e.getMessage()).contains("未找到可用的中文字体", "/nonexistent/fonts/none.ttc", "fonts-wqy-microhei",
                    "fieldsync.documents.font");
        });
    }

    @Test
    void numberPatternsAreConfigurablePerKindAndNeedTheSequence() {
        DocumentSettings settings = DocumentSettings.from(key -> Optional.ofNullable(
                Map.of("fieldsync.documents.number-pattern.rectification-order", "烟应急责改〔{year}〕第{seq}号").get(key)));
        assertThat(settings.number(DocumentKind.RECTIFICATION_ORDER, 2026, 12)).isEqualTo("烟应急责改〔2026〕第12号");
        assertThat(settings.number(DocumentKind.CASE_FILE, 2026, 3)).isEqualTo("栖纪案卷〔2026〕3号");
        assertThatThrownBy(() -> DocumentSettings.from(key -> Optional.ofNullable(
                Map.of("fieldsync.documents.number-pattern.case-file", "栖纪案卷〔{year}〕号").get(key))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{seq}");
    }

    @Test
    void aServerOfSeveralCountiesIssuesEachCountysDocumentsUnderItsOwnAuthorityOrNotAtAll() {
        Map<String, String> config = Map.of(
                "fieldsync.documents.county.370686.authority", "栖霞市应急管理局",
                "fieldsync.documents.county.370686.number-pattern.rectification-order", "栖应急责改〔{year}〕{seq}号",
                "fieldsync.documents.county.370612.authority", "烟台市牟平区应急管理局",
                "fieldsync.documents.county.370612.case-authority", "中共烟台市牟平区纪律检查委员会",
                "fieldsync.documents.county.370612.number-pattern.rectification-order", "牟应急责改〔{year}〕{seq}号");
        DocumentSettings settings = DocumentSettings.from(key -> Optional.ofNullable(config.get(key)), config.keySet());
        assertThat(settings.issuer(DocumentKind.RECTIFICATION_ORDER, "370612")).hasValueSatisfying(i -> {
            assertThat(i.authority()).isEqualTo("烟台市牟平区应急管理局");
            assertThat(i.number(2026, 7)).isEqualTo("牟应急责改〔2026〕7号");
            assertThat(i.county()).isEqualTo("370612");
        });
        assertThat(settings.issuer(DocumentKind.RECTIFICATION_ORDER, "370686").map(DocumentSettings.Issuer::authority)).contains("栖霞市应急管理局");
        // a county not named, a kind without its pattern, a case file without its commission: none borrows another's
        assertThat(settings.issuer(DocumentKind.RECTIFICATION_ORDER, "370682")).isEmpty();
        assertThat(settings.missing(DocumentKind.RECTIFICATION_ORDER, "370682")).containsExactly(
                "fieldsync.documents.county.370682.authority", "fieldsync.documents.county.370682.number-pattern.rectification-order");
        assertThat(settings.issuer(DocumentKind.CASE_FILE, "370686")).isEmpty();
        assertThat(settings.missing(DocumentKind.CASE_FILE, "370686")).containsExactly(
                "fieldsync.documents.county.370686.case-authority", "fieldsync.documents.county.370686.number-pattern.case-file");
        assertThat(settings.issuer(DocumentKind.HAZARD_LEDGER, null)).isEmpty();

        // a one-county server: its authority serves every document, whatever the county
        DocumentSettings one = DocumentSettings.from(key -> Optional.empty());
        assertThat(one.issuer(DocumentKind.CASE_FILE, "370612").map(DocumentSettings.Issuer::authority)).contains("中共栖霞市纪律检查委员会");
        assertThat(one.issuer(DocumentKind.HAZARD_LEDGER, null).map(DocumentSettings.Issuer::county)).contains("");

        Map<String, String> alike = Map.of(
                "fieldsync.documents.county.370686.number-pattern.reinspection-opinion", "栖应急复查〔{year}〕{seq}号",
                "fieldsync.documents.county.370612.number-pattern.reinspection-opinion", "栖应急复查〔{year}〕{seq}号");
        assertThatThrownBy(() -> DocumentSettings.from(key -> Optional.ofNullable(alike.get(key)), alike.keySet()))
                .as("two counties numbering alike").hasMessageContaining("reinspection-opinion").hasMessageContaining("370612");
        Map<String, String> misnamed = Map.of("fieldsync.documents.county.qixia.authority", "栖霞市应急管理局");
        assertThatThrownBy(() -> DocumentSettings.from(key -> Optional.ofNullable(misnamed.get(key)), misnamed.keySet()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("six-digit");
    }
}

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
}

package cn.fieldsync.server.document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings of the printed documents, read from MicroProfile Config:
 * <ul>
 *   <li>{@code fieldsync.documents.font}: a TrueType font (.ttf) or collection (.ttc) with Chinese glyphs,
 *       embedded (as a subset) in every PDF; by default the first present of {@link #FONT_CANDIDATES}
 *       (Debian: {@code apt-get install fonts-wqy-microhei})</li>
 *   <li>{@code fieldsync.documents.number-pattern.<kind>} (kind in kebab case, e.g. {@code rectification-order}):
 *       the number with {@code {year}} and {@code {seq}}, defaults in {@link DocumentKind#defaultPattern()}</li>
 *   <li>{@code fieldsync.documents.authority} (default 栖霞市应急管理局): the issuing authority printed on
 *       the inspection, rectification, re-inspection and ledger documents;
 *       {@code fieldsync.documents.case-authority} (default 中共栖霞市纪律检查委员会): on the 案卷</li>
 * </ul>
 *
 * @param font the font file, or empty when none was configured and none of the candidates exists
 */
public record DocumentSettings(Optional<Path> font, String fontSetting, Map<DocumentKind, String> patterns,
                               String authority, String caseAuthority) {

    /** Where Debian's CJK TrueType fonts live; the OpenType (CFF) Noto CJK cannot be embedded by PDFBox. */
    public static final List<String> FONT_CANDIDATES = List.of(
            "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
            "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
            "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
            "/usr/share/fonts/truetype/arphic/uming.ttc");

    public DocumentSettings {
        patterns = Map.copyOf(patterns);
    }

    /**
     * @param setting reads a setting (MicroProfile Config's optional value)
     * @throws IllegalArgumentException when a number pattern lacks {@code {seq}} or is too long
     */
    public static DocumentSettings from(Function<String, Optional<String>> setting) {
        Optional<String> configured = setting.apply("fieldsync.documents.font").filter(s -> !s.isBlank());
        Optional<Path> font = configured.map(Path::of)
                .or(() -> FONT_CANDIDATES.stream().map(Path::of).filter(Files::isReadable).findFirst());
        Map<DocumentKind, String> patterns = new EnumMap<>(DocumentKind.class);
        for (DocumentKind kind : DocumentKind.values()) {
            String pattern = setting.apply(kind.patternKey()).orElse(kind.defaultPattern());
            if (!pattern.contains("{seq}") || pattern.length() > 80) {
                throw new IllegalArgumentException(kind.patternKey() + " needs {seq} (and may use {year}), at most 80 characters: " + pattern);
            }
            patterns.put(kind, pattern);
        }
        return new DocumentSettings(font, configured.orElse(String.join(" 或 ", FONT_CANDIDATES)), patterns,
                setting.apply("fieldsync.documents.authority").orElse("栖霞市应急管理局"),
                setting.apply("fieldsync.documents.case-authority").orElse("中共栖霞市纪律检查委员会"));
    }

    /** The number of the {@code seq}th document of a kind in a year. */
    public String number(DocumentKind kind, int year, int seq) {
        return patterns.get(kind).replace("{year}", String.valueOf(year)).replace("{seq}", String.valueOf(seq));
    }
}

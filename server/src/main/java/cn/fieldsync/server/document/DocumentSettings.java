package cn.fieldsync.server.document;

import cn.fieldsync.server.persistence.Numbering;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 *   <li>a server serving several counties (区县, six-digit division codes) names each county's own
 *       authorities and numbers: {@code fieldsync.documents.county.<code>.authority},
 *       {@code fieldsync.documents.county.<code>.case-authority} and
 *       {@code fieldsync.documents.county.<code>.number-pattern.<kind>}. Once any county is named, every
 *       document is issued by its subject's county with that county's own number sequence, and a
 *       document of a county with no such settings is refused rather than printed under another
 *       county's authority ({@link #issuer}); with none named, the settings above serve every document.</li>
 * </ul>
 *
 * @param font the font file, or empty when none was configured and none of the candidates exists
 * @param counties the counties named by {@code fieldsync.documents.county.<code>.*}, by code; empty on a one-county server
 */
public record DocumentSettings(Optional<Path> font, String fontSetting, Map<DocumentKind, String> patterns,
                               String authority, String caseAuthority, Map<String, County> counties) {

    private static final Pattern COUNTY_KEY = Pattern.compile("fieldsync\\.documents\\.county\\.([^.]+)\\..+");

    /**
     * One county's issuer settings (any may be absent: what a document needs and lacks is said when it is asked for).
     *
     * @param code     the six-digit division code (行政区划代码)
     * @param patterns number patterns by kind, only those configured
     */
    public record County(String code, Optional<String> authority, Optional<String> caseAuthority, Map<DocumentKind, String> patterns) {
        public County {
            patterns = Map.copyOf(patterns);
        }
    }

    /**
     * Who issues a document and how it is numbered.
     *
     * @param authority the issuing authority (发文机关) printed on it
     * @param pattern   its number pattern, with {@code {year}} and {@code {seq}}
     * @param county    the county whose sequence numbers it, or "" for the server's one sequence
     */
    public record Issuer(String authority, String pattern, String county) {
        /** The number of the {@code seq}th document of this issuer's kind in a year. */
        public String number(int year, int seq) {
            return Numbering.text(pattern, year, seq);
        }
    }

    /**
     * The issuer of a document of a kind about a county. On a one-county server (no county named in
     * the settings) the server's authority and patterns, whatever the county. Otherwise the county's
     * own; empty when the county is unknown (null: a ledger over several counties) or lacks the
     * authority or pattern the kind needs — {@link #missing} says which setting.
     */
    public Optional<Issuer> issuer(DocumentKind kind, String county) {
        if (counties.isEmpty()) {
            return Optional.of(new Issuer(kind == DocumentKind.CASE_FILE ? caseAuthority : authority, patterns.get(kind), ""));
        }
        County c = county == null ? null : counties.get(county);
        if (c == null) {
            return Optional.empty();
        }
        Optional<String> who = kind == DocumentKind.CASE_FILE ? c.caseAuthority() : c.authority();
        String pattern = c.patterns().get(kind);
        return who.isPresent() && pattern != null ? Optional.of(new Issuer(who.get(), pattern, county)) : Optional.empty();
    }

    /** The settings a county lacks for a kind of document, by key (for the refusal that names them). */
    public List<String> missing(DocumentKind kind, String county) {
        County c = counties.get(county);
        String prefix = "fieldsync.documents.county." + county + ".";
        List<String> keys = new ArrayList<>();
        boolean caseFile = kind == DocumentKind.CASE_FILE;
        if (c == null || (caseFile ? c.caseAuthority() : c.authority()).isEmpty()) {
            keys.add(prefix + (caseFile ? "case-authority" : "authority"));
        }
        if (c == null || !c.patterns().containsKey(kind)) {
            keys.add(prefix + kind.patternKey().substring("fieldsync.documents.".length()));
        }
        return keys;
    }

    /** Where Debian's CJK TrueType fonts live; the OpenType (CFF) Noto CJK cannot be embedded by PDFBox. */
    public static final List<String> FONT_CANDIDATES = List.of(
            "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
            "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
            "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
            "/usr/share/fonts/truetype/arphic/uming.ttc");

    public DocumentSettings {
        patterns = Map.copyOf(patterns);
        counties = Map.copyOf(counties);
    }

    /** The settings of a one-county server (no {@code fieldsync.documents.county.*} read). */
    public static DocumentSettings from(Function<String, Optional<String>> setting) {
        return from(setting, List.of());
    }

    /**
     * @param setting reads a setting (MicroProfile Config's optional value)
     * @param names   every setting's name (MicroProfile Config's property names), where the counties are found
     * @throws IllegalArgumentException when a number pattern lacks {@code {seq}} or is too long, or a
     *     county's code is not six digits
     */
    public static DocumentSettings from(Function<String, Optional<String>> setting, Iterable<String> names) {
        Optional<String> configured = setting.apply("fieldsync.documents.font").filter(s -> !s.isBlank());
        Optional<Path> font = configured.map(Path::of)
                .or(() -> FONT_CANDIDATES.stream().map(Path::of).filter(Files::isReadable).findFirst());
        Map<DocumentKind, String> patterns = new EnumMap<>(DocumentKind.class);
        for (DocumentKind kind : DocumentKind.values()) {
            patterns.put(kind, Numbering.checkedPattern(kind.patternKey(), setting.apply(kind.patternKey()).orElse(kind.defaultPattern())));
        }
        Map<String, County> counties = new TreeMap<>();
        for (String name : names) {
            Matcher m = COUNTY_KEY.matcher(name);
            if (!m.matches() || counties.containsKey(m.group(1))) {
                continue;
            }
            String code = m.group(1);
            if (!code.matches("\\d{6}")) {
                throw new IllegalArgumentException(name + ": a county is named by its six-digit division code (行政区划代码), e.g. 370686");
            }
            String prefix = "fieldsync.documents.county." + code + ".";
            Map<DocumentKind, String> own = new EnumMap<>(DocumentKind.class);
            for (DocumentKind kind : DocumentKind.values()) {
                String key = prefix + kind.patternKey().substring("fieldsync.documents.".length());
                setting.apply(key).ifPresent(p -> own.put(kind, Numbering.checkedPattern(key, p)));
            }
            counties.put(code, new County(code, setting.apply(prefix + "authority").filter(v -> !v.isBlank()),
                    setting.apply(prefix + "case-authority").filter(v -> !v.isBlank()), own));
        }
        // two counties numbering a kind alike would print one county's numbers under the other's authority
        // (栖应急复查〔2026〕1号 from 烟台市牟平区应急管理局: a tester's copy-paste) and share one run of them
        for (DocumentKind kind : DocumentKind.values()) {
            Map<String, String> seen = new TreeMap<>();
            for (County c : counties.values()) {
                String pattern = c.patterns().get(kind);
                if (pattern != null && seen.containsKey(pattern)) {
                    String key = kind.patternKey().substring("fieldsync.documents.".length());
                    throw new IllegalArgumentException("fieldsync.documents.county." + c.code() + "." + key + " is the pattern of county "
                            + seen.get(pattern) + " too (" + pattern + "): each county's numbers must read differently (e.g. by its 代字)");
                }
                if (pattern != null) {
                    seen.put(pattern, c.code());
                }
            }
        }
        return new DocumentSettings(font, configured.orElse(String.join(" 或 ", FONT_CANDIDATES)), patterns,
                setting.apply("fieldsync.documents.authority").orElse("栖霞市应急管理局"),
                setting.apply("fieldsync.documents.case-authority").orElse("中共栖霞市纪律检查委员会"), counties);
    }


    /** The number of the {@code seq}th document of a kind in a year, by the server's own pattern. */
    public String number(DocumentKind kind, int year, int seq) {
        return new Issuer(authority, patterns.get(kind), "").number(year, seq);
    }
}

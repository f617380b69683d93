package cn.fieldsync.server.casefile;

import cn.fieldsync.server.persistence.Numbering;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How cases are numbered (案件编号): {@code fieldsync.case.number-pattern} on a server of one county;
 * on a server of several, each county's commission numbers its own cases in its own sequence,
 * {@code fieldsync.case.county.<code>.number-pattern} (the county is the case's jurisdiction, its
 * subject unit's). Once any county is named, a case of a county not named is refused rather than
 * numbered as another county's ({@link #patternFor}). Patterns carry {@code {year}} and {@code {seq}}.
 *
 * <p>Immutable, thread-safe.
 *
 * @param pattern  the server's own pattern (one county)
 * @param counties each named county's pattern, by six-digit division code; empty on a one-county server
 */
public record CaseNumbers(String pattern, Map<String, String> counties) {

    private static final Pattern COUNTY_KEY = Pattern.compile("fieldsync\\.case\\.county\\.([^.]+)\\.number-pattern");

    public CaseNumbers {
        counties = Map.copyOf(counties);
    }

    /** One pattern for every case: a server of one county. */
    public static CaseNumbers of(String pattern) {
        return new CaseNumbers(pattern, Map.of());
    }

    /**
     * @param pattern the server's own pattern, already checked
     * @param setting reads a setting
     * @param names   every setting's name, where the counties are found
     * @throws IllegalArgumentException a county code not of six digits, a pattern without {@code {seq}}
     *     or over 80 characters, or two counties with one pattern (their numbers would collide)
     */
    public static CaseNumbers from(String pattern, java.util.function.Function<String, Optional<String>> setting, Iterable<String> names) {
        Map<String, String> counties = new TreeMap<>();
        for (String name : names) {
            Matcher m = COUNTY_KEY.matcher(name);
            if (!m.matches()) {
                continue;
            }
            if (!m.group(1).matches("\\d{6}")) {
                throw new IllegalArgumentException(name + ": a county is named by its six-digit division code (行政区划代码), e.g. 370686");
            }
            String own = Numbering.checkedPattern(name, setting.apply(name).orElse(""));
            if (counties.containsValue(own)) {
                throw new IllegalArgumentException(name + ": another county numbers its cases " + own
                        + " too; each county's pattern must differ (e.g. by its 代字), or the two would give the same number");
            }
            counties.put(m.group(1), own);
        }
        return new CaseNumbers(pattern, counties);
    }

    /** The pattern of a county's cases; empty when counties are named and this one is not. */
    public Optional<String> patternFor(String county) {
        return counties.isEmpty() ? Optional.of(pattern) : Optional.ofNullable(counties.get(county));
    }

    /** The counter ({@code Numbering}) of a county's cases: {@code case}, or {@code case@<code>} for a named county. */
    public String counter(String county) {
        return counties.isEmpty() ? "case" : "case@" + county;
    }

    /** The sequence a county's numbers belong to, as stored beside the number: "" for the server's one sequence. */
    public String sequence(String county) {
        return counties.isEmpty() ? "" : county;
    }

    /** A case number: the pattern with its year and sequence filled in. */
    public static String number(String pattern, int year, int seq) {
        return Numbering.text(pattern, year, seq);
    }
}

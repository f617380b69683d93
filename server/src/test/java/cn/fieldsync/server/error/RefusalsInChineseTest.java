package cn.fieldsync.server.error;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refusal the server gives is said in Chinese. The {@code message} of a problem document is
 * what an inspector, a reviewer or an administrator reads (the console shows it beside the
 * problem's title, the device's command line and app print it), so a message written in English in
 * the code is a message its reader cannot use.
 *
 * <p>The check reads the server's sources: in the arguments of every {@code new FieldsyncException(..)},
 * {@code new RetryLaterException(..)}, {@code Problems.of(..)} and of every method of the server
 * that returns a {@link FieldsyncException} (the packages' {@code invalid(field, message)}
 * helpers), a string literal that holds English words (two letters, a space, a letter) and no
 * Chinese character is reported with its file and line. In the domain rules ({@code cn.fieldsync.domain})
 * the refusals ({@code refuse(..)}) and the {@code IllegalArgumentException}s the case routes pass on
 * as the message are checked too. Field names and JSON Pointers (no space)
 * and fragments of a Chinese sentence built by concatenation ({@code "须为 " + NAMES}) pass; a
 * message from the label catalogue ({@code Labels.say}) is Chinese by construction.
 */
class RefusalsInChineseTest {

    private static final Path SOURCES = Path.of("src/main/java");
    /** The domain rules' refusals reach people through the case routes (a step refused, a form not known). */
    private static final String DOMAIN = "cn/fieldsync/domain/";
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern ENGLISH = Pattern.compile("[A-Za-z]{2,}[ ,;:]+[A-Za-z]");
    private static final Pattern CHINESE = Pattern.compile("[\\u4e00-\\u9fff]");
    /** A method returning a refusal; a private one is called only in its own file. */
    private static final Pattern HELPER = Pattern.compile("(private\\s+)?(?:static\\s+)?FieldsyncException\\s+(\\w+)\\s*\\(");

    @Test
    void everyRefusalOfTheServerIsSaidInChinese() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        Set<String> calls = new TreeSet<>(List.of("new FieldsyncException(", "new RetryLaterException(", "Problems.of("));
        for (Path file : files) {
            calls.addAll(helpers(read(file), false));
        }
        Set<String> domainCalls = new TreeSet<>(calls);
        domainCalls.addAll(List.of("refuse(", "new IllegalArgumentException(", "Optional.of("));
        List<String> english = new ArrayList<>();
        files.forEach(p -> english.addAll(englishIn(p, SOURCES.relativize(p).toString().startsWith(DOMAIN) ? domainCalls : calls)));
        assertThat(english).as("refusals written in English (say them in Chinese, in the label catalogue's "
                + "problems section, with Labels.say)").isEmpty();
    }

    /**
     * What the audit verifier finds ({@code GET /api/audit/verify}'s reason, {@code ops/audit-verify.sh}'s
     * lines) is evidence an administrator reads: said in Chinese too, from the catalogue's
     * {@code auditBroken} section. The same check, on the audit package's reasons, problems and printed lines.
     */
    @Test
    void whatTheAuditVerifierFindsIsSaidInChinese() throws IOException {
        Set<String> calls = Set.of("new Broken(", "problems.add(", "out.println(", "err.println(");
        List<String> english = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(SOURCES.resolve("cn/fieldsync/server/audit"))) {
            walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> english.addAll(englishIn(p, calls)));
        }
        assertThat(english).as("what the audit verifier says, written in English (say it in the label catalogue's "
                + "auditBroken section)").isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The calls of the refusal helpers a file declares: its private ones, or the others. */
    private static Set<String> helpers(String source, boolean privateOnes) {
        Set<String> names = new TreeSet<>();
        Matcher helper = HELPER.matcher(source);
        while (helper.find()) {
            if ((helper.group(1) != null) == privateOnes) {
                names.add(helper.group(2) + "(");
            }
        }
        return names;
    }

    private static Set<String> englishIn(Path file, Set<String> sharedCalls) {
        String source = read(file);
        Set<String> calls = new TreeSet<>(sharedCalls);
        calls.addAll(helpers(source, true));
        Set<String> found = new TreeSet<>();
        for (String call : calls) {
            for (int at = source.indexOf(call); at >= 0; at = source.indexOf(call, at + 1)) {
                if (at > 0 && Character.isJavaIdentifierPart(source.charAt(at - 1)) && !call.startsWith("new ")) {
                    continue; // "reinvalid(" is not "invalid("
                }
                String arguments = arguments(source, at + call.length());
                Matcher literal = LITERAL.matcher(arguments);
                while (literal.find()) {
                    String text = literal.group(1);
                    if (ENGLISH.matcher(text).find() && !CHINESE.matcher(text).find()) {
                        int line = (int) source.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
                        found.add(SOURCES.relativize(file) + ":" + line + ": \"" + text + "\"");
                    }
                }
            }
        }
        return found;
    }

    /**
     * The text between an opening parenthesis (just before {@code from}) and its match, parentheses
     * inside strings skipped and line comments left out.
     */
    private static String arguments(String source, int from) {
        int depth = 1;
        boolean inString = false;
        StringBuilder out = new StringBuilder();
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (inString) {
                if (c == '\\' && i + 1 < source.length()) {
                    out.append(c);
                    c = source.charAt(++i);
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '/') {
                // a comment between the arguments says why, for the next engineer: not a message
                int end = source.indexOf('\n', i);
                out.append(' ');
                i = end < 0 ? source.length() : end;
                continue;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return out.toString();
            }
            out.append(c);
        }
        return out.toString();
    }
}

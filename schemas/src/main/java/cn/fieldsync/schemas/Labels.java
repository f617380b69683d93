package cn.fieldsync.schemas;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one catalogue of the Chinese names (中文名称) of every code fieldsync shows to people: statuses,
 * grades, categories, listing levels, forms of accountability, procedure steps, audit actions, error
 * codes and field names. The server's error messages, the console, the exports, the printed documents
 * and the inspector's app all read it, so a code has one name everywhere.
 *
 * <p>The catalogue is the resource {@code cn/fieldsync/labels/zh-CN.json}: an object of sections
 * ({@code "hazardStatus"}, {@code "errors"}, ...), each an object from code to name. It is read once,
 * when the class is first used; the class is immutable and safe to use from any thread.
 */
public final class Labels {

    /** The catalogue's resource path on the class path. */
    public static final String RESOURCE = "cn/fieldsync/labels/zh-CN.json";

    private static final Map<String, Map<String, String>> SECTIONS = load();

    private Labels() {
    }

    /**
     * The Chinese name of a code in a section, e.g. {@code name("hazardStatus", "REGISTERED")} is 已登记.
     *
     * @return the name, or the code itself when the catalogue has none (a gap to be filled: tests scan
     *     pages and documents for codes left bare); {@code ""} for a null code
     * @throws IllegalArgumentException when the section does not exist (a programming error)
     */
    public static String name(String section, String code) {
        if (code == null) {
            return "";
        }
        return find(section, code).orElse(code);
    }

    /**
     * A sentence of the {@code problems} section (what the server says when it refuses, in
     * Chinese) with its placeholders {@code {0}}, {@code {1}}, ... replaced by the arguments, in
     * order (plain text replacement: no number or quote formatting).
     *
     * @throws IllegalArgumentException when the catalogue has no such sentence (a programming error)
     */
    public static String say(String key, Object... args) {
        return sayIn("problems", key, args);
    }

    /**
     * A sentence of any section (e.g. {@code "auditBroken"}, what the audit verifier found) with its
     * placeholders {@code {0}}, {@code {1}}, ... replaced by the arguments. The sentence is filled in
     * one pass: an argument that itself holds {@code {1}} (a record id written into a tampered
     * database can hold anything) stays as it is. Not named {@code say}: a call
     * {@code say("key", "argument")} must keep meaning the {@code problems} section.
     *
     * @throws IllegalArgumentException when the catalogue has no such section or sentence (a programming error)
     */
    public static String sayIn(String section, String key, Object... args) {
        String text = find(section, key).orElseThrow(() -> new IllegalArgumentException(
                "problems".equals(section) ? "no problem sentence " + key : "no sentence " + section + "." + key));
        // by hand, not Matcher.appendReplacement(StringBuilder): the schemas run on Android 8 (API 26) too
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int open = text.indexOf('{'); open >= 0; open = text.indexOf('{', open + 1)) {
            int close = open + 1;
            while (close < text.length() && Character.isDigit(text.charAt(close))) {
                close++;
            }
            if (close == open + 1 || close >= text.length() || text.charAt(close) != '}' || close - open > 4) {
                continue;
            }
            int i = Integer.parseInt(text.substring(open + 1, close));
            if (i < args.length) {
                out.append(text, from, open).append(args[i]);
                from = close + 1;
                open = close;
            }
        }
        out.append(text, from, text.length());
        return out.toString();
    }

    /**
     * A code as a refusal names it to a person and to a program at once: its Chinese name, then the
     * code in full-width brackets, e.g. {@code named("hazardStatus", "VERIFIED")} is 已复查验收（VERIFIED）
     * (the console and the inspector's app leave the bracket out of what they show); the code alone
     * when the section has no name for it.
     *
     * @throws IllegalArgumentException when the section does not exist
     */
    public static String named(String section, Object code) {
        String text = String.valueOf(code);
        return find(section, text).map(name -> name + "（" + text + "）").orElse(text);
    }

    /** Codes as {@link #named(String, Object)} names each, in the order given, joined by 、. */
    public static String named(String section, java.util.Collection<?> codes) {
        StringBuilder out = new StringBuilder();
        for (Object code : codes) {
            out.append(out.length() == 0 ? "" : "、").append(named(section, code));
        }
        return out.toString();
    }

    /** The name of a code when the catalogue has one. */
    public static Optional<String> find(String section, String code) {
        Map<String, String> names = section(section);
        return Optional.ofNullable(code == null ? null : names.get(code));
    }

    /**
     * One section, in the catalogue's order (the order choices are offered in).
     *
     * @throws IllegalArgumentException when there is no such section
     */
    public static Map<String, String> section(String section) {
        Map<String, String> names = SECTIONS.get(section);
        if (names == null) {
            throw new IllegalArgumentException("no label section " + section + "; sections are " + SECTIONS.keySet());
        }
        return names;
    }

    /** The whole catalogue as JSON (a new copy each call), as the console and the app load it. */
    public static JsonObject json() {
        JsonObject all = new JsonObject();
        SECTIONS.forEach((section, names) -> {
            JsonObject o = new JsonObject();
            names.forEach(o::addProperty);
            all.add(section, o);
        });
        return all;
    }

    private static Map<String, Map<String, String>> load() {
        try (InputStream in = Labels.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the label catalogue " + RESOURCE + " is missing from the class path");
            }
            JsonObject root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            Map<String, Map<String, String>> sections = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> section : root.entrySet()) {
                if (section.getKey().startsWith("_")) {
                    continue; // "_about" and other notes for the people editing the file
                }
                Map<String, String> names = new LinkedHashMap<>();
                section.getValue().getAsJsonObject().entrySet()
                        .forEach(e -> names.put(e.getKey(), e.getValue().getAsString()));
                sections.put(section.getKey(), Collections.unmodifiableMap(names));
            }
            return Collections.unmodifiableMap(sections);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

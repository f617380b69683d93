package cn.fieldsync.schemas;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;

/**
 * One text per JSON value (schemas/CANONICAL.md, which states every rule exactly, with the test
 * vectors of schemas/canonical-vectors.json): object members sorted by name, no
 * insignificant white space, UTF-8, numbers normalised. Two documents that mean the same have
 * the same canonical text and so the same hash: what seals and the audit chain rely on.
 *
 * <p>One writer serves both the text ({@link #of}) and the hash ({@link #sha256(JsonElement)}):
 * the hash is taken over the UTF-8 bytes as they are written into a buffer the thread reuses,
 * with no intermediate text, and with a digest the thread reuses (a server hashes two or three
 * documents per pushed operation). The escapes are Gson's {@code JsonWriter}'s with HTML escaping
 * off, and a lone surrogate is hashed as {@code ?} as {@code String.getBytes(UTF_8)} encodes it
 * (CANONICAL.md, rules 5 and 7); {@code CanonicalJsonTest} compares both with that writer on
 * thousands of generated documents. Thread-safe.
 */
public final class CanonicalJson {

    /** A buffer that grew past this is not kept for the thread's next hash. */
    private static final int KEPT_BUFFER = 1 << 20;
    private static final ThreadLocal<MessageDigest> DIGESTS = new ThreadLocal<MessageDigest>() {
        @Override
        protected MessageDigest initialValue() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no SHA-256", e);
            }
        }
    };
    private static final ThreadLocal<Utf8> BUFFERS = new ThreadLocal<>();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    public static String of(JsonElement value) {
        Text out = new Text(new StringBuilder(256));
        write(out, value);
        return out.text.toString();
    }

    /** 37.30 → 37.3, 1e2 → 100, -0.0 → 0: the plain decimal value, nothing more. */
    static String normalised(String number) {
        if (isPlainWhole(number)) {
            return number;
        }
        BigDecimal value = new BigDecimal(number);
        if (value.signum() == 0) {
            return "0";
        }
        value = value.stripTrailingZeros();
        return value.scale() <= 0 ? value.toBigIntegerExact().toString() : value.toPlainString();
    }

    /** {@code -?[1-9][0-9]*}: a whole number already in its canonical form (what BigDecimal would give back). */
    private static boolean isPlainWhole(String number) {
        int start = number.startsWith("-") ? 1 : 0;
        if (number.length() <= start || number.charAt(start) < '1' || number.charAt(start) > '9') {
            return false;
        }
        for (int i = start + 1; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The hex SHA-256 of the value's canonical JSON (its UTF-8 bytes, CANONICAL.md rule 7). */
    public static String sha256(JsonElement value) {
        Utf8 out = BUFFERS.get();
        if (out == null) {
            out = new Utf8();
            BUFFERS.set(out);
        }
        out.length = 0;
        write(out, value);
        MessageDigest digest = digest();
        digest.update(out.bytes, 0, out.length);
        if (out.bytes.length > KEPT_BUFFER) {
            BUFFERS.remove();
        }
        return Hex.of(digest.digest());
    }

    /**
     * The thread's SHA-256 digest, reset: for a hash computed and finished by the caller before
     * it asks again (never kept across a call that may hash).
     */
    static MessageDigest digest() {
        MessageDigest digest = DIGESTS.get();
        digest.reset();
        return digest;
    }

    /** Where the writer puts the text: only ASCII is given char by char; other text comes in runs of a string. */
    private interface Sink {
        void ascii(char c);

        void ascii(String s);

        /** Characters {@code from} (inclusive) to {@code to} of {@code s}, written as they are. */
        void text(String s, int from, int to);
    }

    private static final class Text implements Sink {
        private final StringBuilder text;

        Text(StringBuilder text) {
            this.text = text;
        }

        @Override
        public void ascii(char c) {
            text.append(c);
        }

        @Override
        public void ascii(String s) {
            text.append(s);
        }

        @Override
        public void text(String s, int from, int to) {
            text.append(s, from, to);
        }
    }

    /**
     * UTF-8 bytes as {@code String.getBytes(UTF_8)} gives them: a surrogate pair as its code
     * point's four bytes, a lone surrogate as {@code ?}. A run never ends between the two halves
     * of a pair: runs break only at escaped characters, none of them a surrogate.
     */
    private static final class Utf8 implements Sink {
        byte[] bytes = new byte[1024];
        int length;

        private void room(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        @Override
        public void ascii(char c) {
            room(1);
            bytes[length++] = (byte) c;
        }

        @Override
        public void ascii(String s) {
            room(s.length());
            for (int i = 0; i < s.length(); i++) {
                bytes[length++] = (byte) s.charAt(i);
            }
        }

        @Override
        public void text(String s, int from, int to) {
            room(3 * (to - from));
            byte[] b = bytes;
            int n = length;
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    b[n++] = (byte) c;
                } else if (c < 0x800) {
                    b[n++] = (byte) (0xc0 | (c >> 6));
                    b[n++] = (byte) (0x80 | (c & 0x3f));
                } else if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                        int cp = Character.toCodePoint(c, s.charAt(++i));
                        b[n++] = (byte) (0xf0 | (cp >> 18));
                        b[n++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                        b[n++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                        b[n++] = (byte) (0x80 | (cp & 0x3f));
                    } else {
                        b[n++] = '?';
                    }
                } else {
                    b[n++] = (byte) (0xe0 | (c >> 12));
                    b[n++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                    b[n++] = (byte) (0x80 | (c & 0x3f));
                }
            }
            length = n;
        }
    }

    /** Writes members in name order ({@code String.compareTo}, CANONICAL.md rule 2). */
    private static void write(Sink out, JsonElement value) {
        if (value == null || value.isJsonNull()) {
            out.ascii("null");
        } else if (value.isJsonObject()) {
            Map<String, JsonElement> members = value.getAsJsonObject().asMap();
            @SuppressWarnings("unchecked")
            Map.Entry<String, JsonElement>[] sorted = members.entrySet().toArray(new Map.Entry[0]);
            Arrays.sort(sorted, (a, b) -> a.getKey().compareTo(b.getKey()));
            out.ascii('{');
            for (int i = 0; i < sorted.length; i++) {
                if (i > 0) {
                    out.ascii(',');
                }
                string(out, sorted[i].getKey());
                out.ascii(':');
                write(out, sorted[i].getValue());
            }
            out.ascii('}');
        } else if (value.isJsonArray()) {
            JsonArray array = value.getAsJsonArray();
            out.ascii('[');
            for (int i = 0; i < array.size(); i++) {
                if (i > 0) {
                    out.ascii(',');
                }
                write(out, array.get(i));
            }
            out.ascii(']');
        } else {
            JsonPrimitive primitive = value.getAsJsonPrimitive();
            if (primitive.isNumber()) {
                out.ascii(normalised(primitive.getAsString()));
            } else if (primitive.isBoolean()) {
                out.ascii(primitive.getAsBoolean() ? "true" : "false");
            } else {
                string(out, primitive.getAsString());
            }
        }
    }

    /** A string between quotes with Gson's escapes, HTML escaping off (CANONICAL.md rule 5). */
    private static void string(Sink out, String s) {
        out.ascii('"');
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != '\u2028' && c != '\u2029') {
                continue;
            }
            if (run < i) {
                out.text(s, run, i);
            }
            run = i + 1;
            switch (c) {
                case '"' -> out.ascii("\\\"");
                case '\\' -> out.ascii("\\\\");
                case '\b' -> out.ascii("\\b");
                case '\t' -> out.ascii("\\t");
                case '\n' -> out.ascii("\\n");
                case '\f' -> out.ascii("\\f");
                case '\r' -> out.ascii("\\r");
                default -> {
                    out.ascii("\\u");
                    out.ascii(HEX[(c >> 12) & 0xf]);
                    out.ascii(HEX[(c >> 8) & 0xf]);
                    out.ascii(HEX[(c >> 4) & 0xf]);
                    out.ascii(HEX[c & 0xf]);
                }
            }
        }
        if (run < s.length()) {
            out.text(s, run, s.length());
        }
        out.ascii('"');
    }
}

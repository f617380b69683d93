package cn.fieldsync.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The few JDK conveniences newer than Android 8.0 (API 26) that the core would otherwise call
 * ({@code Set.of}, {@code HexFormat}, {@code InputStream.transferTo}, {@code String.strip}): the
 * core library runs on Android 26 too, which animal-sniffer checks at every build.
 */
public final class Api26 {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Api26() {
    }

    /** An unmodifiable set of these values, in their order ({@code Set.of} is API 30+ on Android). */
    @SafeVarargs
    public static <T> Set<T> setOf(T... values) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(values)));
    }

    /** Lower-case hexadecimal of the bytes ({@code HexFormat} is API 34+). */
    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** Copies the stream to its end; answers the bytes copied ({@code transferTo} is API 33+). */
    public static long copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    /** Skips exactly {@code n} bytes, or fails at the stream's end ({@code skipNBytes} is API 34+). */
    public static void skipExactly(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new java.io.EOFException("the file ended " + left + " bytes before offset " + n);
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    /** The text without leading and trailing white space, Unicode's included (a full-width 　): {@code String.strip}. */
    public static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    /** True when the text is null, empty or white space only ({@code String.isBlank} is API 34+ on Android 26's terms). */
    public static boolean isBlank(String text) {
        return text == null || strip(text).isEmpty();
    }
}

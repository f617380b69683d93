package cn.fieldsync.schemas;

/**
 * Lower-case hexadecimal, as the hashes and signatures of the contract are written. Own code
 * rather than {@code java.util.HexFormat}: this module runs on the device library too, which
 * targets Android 8.0 (API 26), where HexFormat (API 34) is absent.
 */
public final class Hex {

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /** The bytes as lower-case hexadecimal, two digits each. */
    public static String of(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /**
     * The bytes of a hexadecimal text (either case).
     *
     * @throws IllegalArgumentException when the text has an odd length or a character that is no hex digit
     */
    public static byte[] parse(CharSequence text) {
        if (text.length() % 2 != 0) {
            throw new IllegalArgumentException("hexadecimal text of odd length " + text.length());
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int high = Character.digit(text.charAt(2 * i), 16);
            int low = Character.digit(text.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("not a hexadecimal digit at " + (high < 0 ? 2 * i : 2 * i + 1));
            }
            out[i] = (byte) ((high << 4) | low);
        }
        return out;
    }
}

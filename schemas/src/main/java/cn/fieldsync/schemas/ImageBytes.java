package cn.fieldsync.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Whether a photo's bytes are an image of the type it is declared as, read from the file's first
 * bytes (its signature, "magic number"): JPEG {@code FF D8 FF} (ISO/IEC 10918-1 SOI marker then a
 * marker), PNG {@code 89 50 4E 47 0D 0A 1A 0A} (RFC 2083 §3.1), WebP {@code RIFF....WEBP} (RFC 9649
 * §2), HEIC/HEIF an ISO BMFF {@code ftyp} box with a HEIF brand (ISO/IEC 23008-12 Annex B,
 * {@code image/heic}, {@code image/heif}). A photo that is not what it
 * says is refused when it is attached on the device and when the server is told its type, so
 * evidence is never a file nobody can open. Other media types are not checked here.
 *
 * <p>Pure Java, Android API 26 safe; stateless.
 */
public final class ImageBytes {

    /** How many leading bytes {@link #problem} needs to decide. */
    public static final int HEAD_LENGTH = 12;

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final String[] HEIF_BRANDS = {"heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1", "heif"};

    private ImageBytes() {
    }

    /** True for the image types whose bytes are checked: image/jpeg, image/png, image/webp, image/heic, image/heif. */
    public static boolean isChecked(String mediaType) {
        return kind(mediaType) != null;
    }

    /**
     * Why the bytes are not an image of the declared type, in Chinese, or null when they are (or
     * the type is not one checked).
     *
     * @param mediaType the declared type, e.g. {@code image/jpeg} (parameters and case ignored)
     * @param head      the file's first bytes (at least {@link #HEAD_LENGTH} when the file has them)
     * @param fileName  the name to say in the message, or null
     */
    public static String problem(String mediaType, byte[] head, String fileName) {
        String declared = kind(mediaType);
        if (declared == null) {
            return null;
        }
        String actual = detect(head);
        if (declared.equals(actual)) {
            return null;
        }
        String what = fileName == null ? "文件" : "文件 " + fileName + " ";
        return what + "不是 " + declared + " 图片（声明的类型是 " + base(mediaType) + "，但文件内容"
                + (actual == null ? "不是可识别的图片" : "是 " + actual + " 图片") + "）；请重新拍照，或选择正确的图片文件";
    }

    /**
     * Why a file cannot be a photo or a handwritten signature image of a danger or an inspection,
     * in Chinese, or null when it can: it must be declared one of the checked image types and its
     * bytes must be that image ({@link #problem}). An SVG (it can carry script), a GIF, a text or
     * HTML file is refused, so evidence is always a picture a viewer shows as it is.
     *
     * @param mediaType the declared type
     * @param head      the file's first bytes (at least {@link #HEAD_LENGTH} when the file has them)
     * @param fileName  the name to say in the message, or null
     */
    public static String photoProblem(String mediaType, byte[] head, String fileName) {
        if (!isChecked(mediaType)) {
            return (fileName == null ? "文件" : "文件 " + fileName + " ") + "不能作为照片或签名图片：照片只能是 JPEG、PNG、WebP 或 HEIC 图片（声明的类型是 "
                    + (mediaType == null ? "未注明" : base(mediaType)) + "）；请重新拍照，或选择一张图片";
        }
        return problem(mediaType, head, fileName);
    }

    /**
     * Why bytes named as a photo or signature image are no image at all, in Chinese, or null
     * when they begin as a JPEG, PNG, WebP or HEIC image does (for a file whose declared type is
     * not at hand: a record naming it in its photos).
     */
    public static String notAnImage(byte[] head, String name) {
        return detect(head) != null ? null : "文件 " + name + " 不是图片（照片和签名只能是 JPEG、PNG、WebP 或 HEIC 图片）；请重新拍照，或选择一张图片";
    }

    /** The image format the bytes begin with (JPEG, PNG, WebP, HEIC), or null. */
    public static String detect(byte[] head) {
        if (head == null) {
            return null;
        }
        if (head.length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8 && (head[2] & 0xFF) == 0xFF) {
            return "JPEG";
        }
        if (head.length >= PNG.length && Arrays.equals(Arrays.copyOf(head, PNG.length), PNG)) {
            return "PNG";
        }
        if (head.length >= 12 && ascii(head, 0).equals("RIFF") && ascii(head, 8).equals("WEBP")) {
            return "WebP";
        }
        if (head.length >= 12 && ascii(head, 4).equals("ftyp")) {
            String brand = ascii(head, 8);
            for (String heif : HEIF_BRANDS) {
                if (heif.equals(brand)) {
                    return "HEIC";
                }
            }
        }
        return null;
    }

    private static String ascii(byte[] bytes, int from) {
        return new String(bytes, from, 4, StandardCharsets.ISO_8859_1);
    }

    private static String base(String mediaType) {
        int semicolon = mediaType.indexOf(';');
        return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static String kind(String mediaType) {
        if (mediaType == null) {
            return null;
        }
        switch (base(mediaType)) {
            case "image/jpeg":
                return "JPEG";
            case "image/png":
                return "PNG";
            case "image/webp":
                return "WebP";
            case "image/heic":
            case "image/heif":
                return "HEIC";
            default:
                return null;
        }
    }
}

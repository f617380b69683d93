package cn.fieldsync.schemas;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A photo's first bytes against its declared type: what the device and the server both check. */
class ImageBytesTest {

    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D};
    private static final byte[] WEBP = "RIFF\u0000\u0000\u0000\u0000WEBP".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] HEIC = "\u0000\u0000\u0000\u0018ftypheic".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void eachImageTypeIsKnownByItsSignature() {
        assertThat(ImageBytes.problem("image/jpeg", JPEG, "a.jpg")).isNull();
        assertThat(ImageBytes.problem("image/png", PNG, "a.png")).isNull();
        assertThat(ImageBytes.problem("image/webp", WEBP, "a.webp")).isNull();
        assertThat(ImageBytes.problem("image/heic", HEIC, "a.heic")).isNull();
        assertThat(ImageBytes.problem("IMAGE/JPEG; q=1", JPEG, null)).as("case and parameters ignored").isNull();
    }

    @Test
    void aFileThatIsNotTheDeclaredImageIsRefusedInChinese() {
        assertThat(ImageBytes.problem("image/jpeg", "这不是照片".getBytes(StandardCharsets.UTF_8), "现场.jpg"))
                .isEqualTo("文件 现场.jpg 不是 JPEG 图片（声明的类型是 image/jpeg，但文件内容不是可识别的图片）；请重新拍照，或选择正确的图片文件");
        assertThat(ImageBytes.problem("image/jpeg", PNG, null)).contains("是 PNG 图片");
        assertThat(ImageBytes.problem("image/heic", new byte[0], null)).contains("不是 HEIC 图片");
    }

    @Test
    void otherTypesAreNotChecked() {
        assertThat(ImageBytes.isChecked("audio/mp4")).isFalse();
        assertThat(ImageBytes.problem("application/pdf", new byte[] {1, 2, 3}, null)).isNull();
    }
}

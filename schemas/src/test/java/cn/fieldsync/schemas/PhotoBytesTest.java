package cn.fieldsync.schemas;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ImageBytes#photoProblem}: a photo or signature is a JPEG, PNG, WebP or HEIC image, nothing else. */
class PhotoBytesTest {

    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1};

    @Test
    void anSvgAGifOrTextIsNoPhoto() {
        byte[] svg = "<svg><script>alert(1)</script></svg>".getBytes(StandardCharsets.UTF_8);
        assertThat(ImageBytes.photoProblem("image/svg+xml", svg, "x.svg")).contains("不能作为照片", "image/svg+xml", "JPEG、PNG、WebP 或 HEIC");
        assertThat(ImageBytes.photoProblem("image/gif", "just text".getBytes(StandardCharsets.UTF_8), "note.txt")).contains("不能作为照片");
        assertThat(ImageBytes.photoProblem("text/html", svg, null)).contains("不能作为照片");
        assertThat(ImageBytes.photoProblem("image/jpeg", "hello world!".getBytes(StandardCharsets.UTF_8), "a.jpg")).contains("不是 JPEG 图片");
        assertThat(ImageBytes.photoProblem("image/jpeg", JPEG, "a.jpg")).isNull();
        assertThat(ImageBytes.notAnImage(svg, "x")).contains("不是图片");
        assertThat(ImageBytes.notAnImage(JPEG, "x")).isNull();
    }
}

package cn.fieldsync.client;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The media type an attachment is labelled with when the inspector does not give one. */
class MediaTypesTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "录音.m4a, audio/mp4",
            "RECORDING.M4A, audio/mp4",
            "录音.mp3, audio/mpeg",
            "现场.jpg, image/jpeg",
            "现场.JPEG, image/jpeg",
            "整改通知.pdf, application/pdf",
            "视频.mp4, video/mp4",
            "no-extension, application/octet-stream",
    })
    void aFileIsLabelledByItsExtensionTheSameWayOnEveryDevice(String name, String expected) throws Exception {
        Path file = Files.write(dir.resolve(name), new byte[] {0, 1, 2});
        assertThat(MediaTypes.guess(file)).isEqualTo(expected);
        assertThat(MediaTypes.guess(dir.resolve("absent-" + name))).as("a file not there yet").isEqualTo(expected);
    }
}

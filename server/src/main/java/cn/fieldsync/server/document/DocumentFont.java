package cn.fieldsync.server.document;

import cn.fieldsync.server.error.ErrorCode;
import cn.fieldsync.server.error.FieldsyncException;
import org.apache.fontbox.ttf.OpenTypeFont;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The CJK font of one document, embedded as a subset (only the glyphs used), so that the PDF reads
 * the same on a machine with no Chinese font. A TrueType collection (.ttc, e.g. Debian's
 * fonts-wqy-microhei) is read with {@link TrueTypeCollection} and its first font is used.
 * Open for the life of one document: close it after the document is saved (the subset is made
 * at save time). Not thread-safe; one per document.
 */
final class DocumentFont implements Closeable {

    private final Closeable source;
    final PDType0Font font;

    private DocumentFont(Closeable source, PDType0Font font) {
        this.source = source;
        this.font = font;
    }

    /**
     * @throws FieldsyncException {@code document_font_missing} (503) when the font file is absent,
     *     unreadable or not an embeddable TrueType font — the message says in Chinese what to install
     */
    static DocumentFont load(PDDocument document, DocumentSettings settings) {
        Optional<Path> path = settings.font();
        if (path.isEmpty() || !Files.isReadable(path.get())) {
            throw fontMissing(settings.fontSetting(), "文件不存在或不可读");
        }
        Path file = path.get();
        try {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ttc")) {
                TrueTypeCollection collection = new TrueTypeCollection(file.toFile());
                TrueTypeFont[] first = new TrueTypeFont[1];
                collection.processAllFonts(f -> {
                    if (first[0] == null) {
                        first[0] = f;
                    }
                });
                if (first[0] == null) {
                    collection.close();
                    throw fontMissing(file.toString(), "字体集合中没有字体");
                }
                return new DocumentFont(collection, type0(document, first[0], file, collection));
            }
            TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBufferedFile(file.toFile()));
            return new DocumentFont(ttf, type0(document, ttf, file, ttf));
        } catch (IOException e) {
            throw fontMissing(file.toString(), "无法读取：" + e.getMessage());
        }
    }

    private static PDType0Font type0(PDDocument document, TrueTypeFont ttf, Path file, Closeable source) throws IOException {
        if (ttf instanceof OpenTypeFont otf && otf.isPostScript()) {
            source.close();
            throw fontMissing(file.toString(), "这是 OpenType（CFF）字体，无法嵌入 PDF，请改用 TrueType 字体");
        }
        return PDType0Font.load(document, ttf, true);
    }

    private static FieldsyncException fontMissing(String where, String why) {
        return new FieldsyncException(ErrorCode.DOCUMENT_FONT_MISSING, null,
                "无法打印文书：未找到可用的中文字体（" + where + "，" + why + "）。请安装字体包 fonts-wqy-microhei"
                        + "（apt-get install fonts-wqy-microhei），或用设置 fieldsync.documents.font 指定一个 TrueType 中文字体文件（.ttf 或 .ttc）");
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}

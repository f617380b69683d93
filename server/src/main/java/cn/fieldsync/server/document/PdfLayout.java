package cn.fieldsync.server.document;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays text, tables and images out top to bottom on A4 pages as a paper form reads: a title, the
 * number, rows of fields, paragraphs, a table, images, a signature area, the issuing authority
 * and the date. Text wraps at any character (Chinese has no spaces to break at); a character the
 * font lacks is printed as □ rather than failing the document. One per document, not thread-safe.
 */
final class PdfLayout {

    static final float MARGIN = 56;
    static final float BODY = 11;
    private static final float LEADING = 1.45f;
    private static final float LABEL_WIDTH = 96;

    private final PDDocument document;
    private final PDFont font;
    private final PDRectangle size;
    private final Map<Integer, Boolean> glyphs = new HashMap<>();
    private final List<PDPage> pages = new ArrayList<>();
    private PDPageContentStream content;
    private float y;

    PdfLayout(PDDocument document, PDFont font, boolean landscape) {
        this.document = document;
        this.font = font;
        this.size = landscape ? new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth()) : PDRectangle.A4;
        newPage();
    }

    float width() {
        return size.getWidth() - 2 * MARGIN;
    }

    /** The title, centred and drawn heavier (the font has no bold face). */
    void title(String text) {
        float titleSize = 20;
        space(titleSize * 2);
        try {
            content.setRenderingMode(RenderingMode.FILL_STROKE);
            content.setLineWidth(0.5f);
            text(centre(text, titleSize), y - titleSize, text, titleSize);
            content.setRenderingMode(RenderingMode.FILL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        y -= titleSize * 1.8f;
    }

    /** A centred line, such as the document's number. */
    void centred(String text, float fontSize) {
        space(fontSize * LEADING);
        text(centre(text, fontSize), y - fontSize, text, fontSize);
        y -= fontSize * LEADING + 4;
    }

    /** A section heading: bold-looking, with a little room above. */
    void heading(String text) {
        gap(6);
        space(BODY * 3);
        try {
            content.setRenderingMode(RenderingMode.FILL_STROKE);
            content.setLineWidth(0.3f);
            text(MARGIN, y - 12, text, 12);
            content.setRenderingMode(RenderingMode.FILL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        y -= 12 * LEADING + 2;
    }

    /** One field of the form: the label on the left, the value wrapped beside it. */
    void field(String label, String value) {
        // the values line up; a label longer than the column pushes its own value along
        float labelWidth = Math.max(LABEL_WIDTH, stringWidth(label + "：", BODY) + 4);
        List<String> lines = wrap(value == null || value.isBlank() ? "—" : value, BODY, width() - labelWidth);
        float line = BODY * LEADING;
        for (int i = 0; i < lines.size(); i++) {
            space(line);
            if (i == 0) {
                text(MARGIN, y - BODY, label + "：", BODY);
            }
            text(MARGIN + labelWidth, y - BODY, lines.get(i), BODY);
            y -= line;
        }
        y -= 2;
    }

    /** A paragraph, wrapped to the page, its first line indented by {@code indent} points. */
    void paragraph(String text, float indent) {
        for (String part : (text == null ? "" : text).split("\n")) {
            List<String> lines = wrap(part, BODY, width() - indent);
            for (int i = 0; i < lines.size(); i++) {
                space(BODY * LEADING);
                text(MARGIN + (i == 0 ? indent : 0), y - BODY, lines.get(i), BODY);
                y -= BODY * LEADING;
            }
        }
        y -= 2;
    }

    /** A line aligned right, as the issuing authority and the date are on a paper document. */
    void right(String text, float fontSize) {
        space(fontSize * LEADING);
        text(MARGIN + width() - stringWidth(text, fontSize), y - fontSize, text, fontSize);
        y -= fontSize * LEADING;
    }

    void gap(float points) {
        y -= points;
    }

    /**
     * A ruled table; the header is repeated on each page it runs onto.
     *
     * @param widths each column's share of the page width (any units, scaled to fit)
     */
    void table(List<String> headers, float[] widths, List<List<String>> rows, float fontSize) {
        float total = 0;
        for (float w : widths) {
            total += w;
        }
        float[] columns = new float[widths.length];
        for (int i = 0; i < widths.length; i++) {
            columns[i] = widths[i] / total * width();
        }
        row(headers, columns, fontSize);
        for (List<String> r : rows) {
            if (!row(r, columns, fontSize)) {
                row(headers, columns, fontSize);
                row(r, columns, fontSize);
            }
        }
    }

    /** Draws one row; false (and nothing drawn, a new page begun) when it does not fit on this page. */
    private boolean row(List<String> cells, float[] columns, float fontSize) {
        List<List<String>> wrapped = new ArrayList<>();
        int lines = 1;
        for (int i = 0; i < columns.length; i++) {
            List<String> cell = wrap(i < cells.size() ? cells.get(i) : "", fontSize, columns[i] - 6);
            wrapped.add(cell);
            lines = Math.max(lines, cell.size());
        }
        float height = lines * fontSize * 1.3f + 6;
        if (y - height < MARGIN + 20) {
            newPage();
            return false;
        }
        try {
            float x = MARGIN;
            for (int i = 0; i < columns.length; i++) {
                content.addRect(x, y - height, columns[i], height);
                content.stroke();
                for (int l = 0; l < wrapped.get(i).size(); l++) {
                    text(x + 3, y - 3 - fontSize - l * fontSize * 1.3f, wrapped.get(i).get(l), fontSize);
                }
                x += columns[i];
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        y -= height;
        return true;
    }

    /**
     * Images side by side, each scaled to {@code height} points tall (at most a quarter of the
     * width wide), with a caption under each.
     */
    void images(List<PDImageXObject> images, List<String> captions, float height) {
        if (images.isEmpty()) {
            return;
        }
        float cell = width() / 4;
        float x = MARGIN;
        space(height + BODY * 3.5f);
        for (int i = 0; i < images.size(); i++) {
            if (x + cell > MARGIN + width() + 1) {
                y -= height + BODY * 3;
                x = MARGIN;
                space(height + BODY * 3);
            }
            PDImageXObject image = images.get(i);
            float scale = Math.min(height / image.getHeight(), (cell - 8) / image.getWidth());
            float w = image.getWidth() * scale;
            float h = image.getHeight() * scale;
            try {
                content.drawImage(image, x, y - h, w, h);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // the caption right under the picture, on at most two lines
            List<String> caption = wrap(captions.get(i), 9, cell - 8);
            for (int l = 0; l < Math.min(2, caption.size()); l++) {
                text(x, y - h - 12 - l * 11, caption.get(l), 9);
            }
            x += cell;
        }
        y -= height + BODY * 3;
    }

    /** Image bytes (PNG or JPEG) as an image of this document, or null when they are not an image. */
    PDImageXObject image(byte[] bytes, String name) {
        try {
            return PDImageXObject.createFromByteArray(document, bytes, name);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Numbers every page at its foot: 第 1 页 共 3 页. Call once, last. */
    void finish() {
        close();
        for (int i = 0; i < pages.size(); i++) {
            try (PDPageContentStream foot = new PDPageContentStream(document, pages.get(i), PDPageContentStream.AppendMode.APPEND, true)) {
                content = foot;
                String text = "第 " + (i + 1) + " 页 共 " + pages.size() + " 页";
                text(centre(text, 9), MARGIN / 2, text, 9);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        content = null;
    }

    /** Makes sure {@code height} points are left on the page, starting a new one if not. */
    void space(float height) {
        if (y - height < MARGIN) {
            newPage();
        }
    }

    private void newPage() {
        close();
        PDPage page = new PDPage(size);
        document.addPage(page);
        pages.add(page);
        try {
            content = new PDPageContentStream(document, page);
            content.setLineWidth(0.5f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        y = size.getHeight() - MARGIN;
    }

    private void close() {
        if (content != null) {
            try {
                content.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            content = null;
        }
    }

    private float centre(String text, float fontSize) {
        return MARGIN + (width() - stringWidth(text, fontSize)) / 2;
    }

    private void text(float x, float baseline, String text, float fontSize) {
        try {
            content.beginText();
            content.setFont(font, fontSize);
            content.newLineAtOffset(x, baseline);
            content.showText(printable(text));
            content.endText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of at most {@code maxWidth} points, broken at any character. */
    List<String> wrap(String text, float fontSize, float maxWidth) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        float used = 0;
        String clean = printable(text == null ? "" : text.replace('\n', ' '));
        for (int i = 0; i < clean.length(); ) {
            int cp = clean.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            float w = stringWidth(ch, fontSize);
            if (used + w > maxWidth && !line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
                used = 0;
            }
            line.append(ch);
            used += w;
            i += Character.charCount(cp);
        }
        lines.add(line.toString());
        return lines;
    }

    private float stringWidth(String text, float fontSize) {
        try {
            return font.getStringWidth(printable(text)) / 1000 * fontSize;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text with control characters dropped and characters the font lacks shown as □ (or ?). */
    private String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(' ');
            } else if (glyphs.computeIfAbsent(cp, this::hasGlyph)) {
                out.appendCodePoint(cp);
            } else {
                out.append(hasGlyph('□') ? '□' : '?');
            }
        });
        return out.toString();
    }

    private boolean hasGlyph(int cp) {
        try {
            font.encode(new String(Character.toChars(cp)));
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}

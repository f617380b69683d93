package cn.fieldsync.server.demo;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

/**
 * Small PNG images for the demo's evidence, drawn here so the demo needs no files: a handwritten-
 * looking signature (a pen stroke of joined curves, different for each signer) and on-site photos
 * (a scene of shapes). The same seed draws the same bytes, so the demo's attachments have stable
 * SHA-256 names. Draws off-screen (headless).
 */
final class DemoImages {

    private DemoImages() {
    }

    /** A signature: dark-blue pen strokes on white, 360×120, shaped by {@code seed}. */
    static byte[] signature(long seed) {
        BufferedImage image = new BufferedImage(360, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, Color.WHITE);
        g.setColor(new Color(20, 30, 110));
        g.setStroke(new BasicStroke(3.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Random random = new Random(seed);
        for (int glyph = 0; glyph < 3; glyph++) {
            // one "character": a few joined curves in its own cell, as a name of three characters is written
            Path2D path = new Path2D.Double();
            double x0 = 30 + glyph * 105;
            path.moveTo(x0 + random.nextInt(20), 30 + random.nextInt(20));
            for (int s = 0; s < 4; s++) {
                path.curveTo(x0 + random.nextInt(80), 20 + random.nextInt(80), x0 + random.nextInt(80), 20 + random.nextInt(80),
                        x0 + random.nextInt(80), 25 + random.nextInt(70));
            }
            g.draw(path);
        }
        // the flourish under the name
        Path2D flourish = new Path2D.Double();
        flourish.moveTo(25, 100);
        flourish.curveTo(120, 85 + random.nextInt(20), 220, 115, 335, 92);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(flourish);
        g.dispose();
        return png(image);
    }

    /** A photo of the site, 320×240: a wall, the floor and {@code seed}-placed stacked goods and a tank. */
    static byte[] photo(long seed) {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image, new Color(200, 205, 210));
        Random random = new Random(seed);
        g.setPaint(new GradientPaint(0, 0, new Color(170, 180, 190), 0, 140, new Color(215, 220, 225)));
        g.fillRect(0, 0, 320, 140);
        g.setPaint(new GradientPaint(0, 140, new Color(120, 115, 105), 0, 240, new Color(80, 75, 70)));
        g.fillRect(0, 140, 320, 100);
        // the yellow lines of a fire lane
        g.setColor(new Color(230, 190, 40));
        g.setStroke(new BasicStroke(4));
        g.drawLine(60, 240, 130, 140);
        g.drawLine(260, 240, 190, 140);
        // a storage tank
        g.setColor(new Color(235, 235, 235));
        int tx = 200 + random.nextInt(60);
        g.fillRoundRect(tx, 40, 70, 110, 30, 30);
        g.setColor(new Color(150, 150, 150));
        g.drawRoundRect(tx, 40, 70, 110, 30, 30);
        // goods stacked in the lane
        for (int i = 0; i < 4 + random.nextInt(3); i++) {
            g.setColor(new Color(150 + random.nextInt(60), 100 + random.nextInt(40), 50 + random.nextInt(30)));
            int w = 40 + random.nextInt(30);
            int h = 25 + random.nextInt(25);
            g.fillRect(90 + random.nextInt(110), 170 + random.nextInt(40) - h, w, h);
        }
        g.dispose();
        return png(image);
    }

    private static Graphics2D canvas(BufferedImage image, Color background) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(background);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g;
    }

    private static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.hitlmidi.panel;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** Writes a node's snapshot as PNG (without javafx-swing: the pixels are copied into a BufferedImage). */
final class Snapshots {
    private Snapshots() {
    }

    /** Call on the JavaFX thread. */
    static BufferedImage image(Node node) {
        return image(node, 1);
    }

    /** At {@code scale} device pixels per pixel (2: what a HiDPI screen shows). Call on the JavaFX thread. */
    static BufferedImage image(Node node, double scale) {
        javafx.scene.SnapshotParameters p = new javafx.scene.SnapshotParameters();
        p.setTransform(javafx.scene.transform.Transform.scale(scale, scale));
        WritableImage img = node.snapshot(p, null);
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        PixelReader r = img.getPixelReader();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    /**
     * Saves under target/screenshots, and also under the folder named by the system property
     * {@code hitl.screenshots} (e.g. -Dhitl.screenshots=docs to refresh the pictures in docs/).
     */
    static void save(BufferedImage img, String name) {
        Path repo = Path.of(System.getProperty("hitl.repo", "."));
        write(img, repo.resolve("target").resolve("screenshots").resolve(name));
        String extra = System.getProperty("hitl.screenshots", "");
        if (!extra.isBlank()) {
            write(img, repo.resolve(extra).resolve(name));
        }
    }

    static void write(BufferedImage img, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

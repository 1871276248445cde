package org.hitlmidi.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws rating against episode for one or more simulations as a PNG (Java2D into an image, no display
 * needed): per learner the mean over seeds of each seed's moving average over {@link Simulation#WINDOW}
 * ratings, with a band of one standard deviation over seeds, and the target as a dashed line.
 */
public final class Plot {
    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0x17becf), new Color(0xbcbd22)};
    private static final int W = 900;
    private static final int H = 520;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    /** One curve: mean and band per episode (index 0 = the first rating). */
    public record Series(String label, double[] mean, double[] lo, double[] hi) {
    }

    private Plot() {
    }

    public static Series of(String label, Simulation.Result r) {
        int n = r.config().episodes();
        int seeds = r.runs().size();
        double[][] smooth = new double[seeds][n];
        for (int s = 0; s < seeds; s++) {
            var ratings = r.runs().get(s).ratings();
            double sum = 0;
            for (int e = 0; e < n; e++) {
                sum += ratings.get(e).overall();
                if (e >= Simulation.WINDOW) {
                    sum -= ratings.get(e - Simulation.WINDOW).overall();
                }
                smooth[s][e] = sum / Math.min(e + 1, Simulation.WINDOW);
            }
        }
        double[] mean = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int e = 0; e < n; e++) {
            double m = 0;
            for (int s = 0; s < seeds; s++) {
                m += smooth[s][e] / seeds;
            }
            double v = 0;
            for (int s = 0; s < seeds; s++) {
                v += (smooth[s][e] - m) * (smooth[s][e] - m) / seeds;
            }
            double sd = Math.sqrt(v);
            mean[e] = m;
            lo[e] = Math.max(1, m - sd);
            hi[e] = Math.min(10, m + sd);
        }
        return new Series(label, mean, lo, hi);
    }

    public static void write(List<Series> series, String title, double target, Path png) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            draw(g, series, title, target);
        } finally {
            g.dispose();
        }
        Path abs = png.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        if (!ImageIO.write(img, "png", abs.toFile())) {
            throw new IOException("no PNG writer available for " + png);
        }
    }

    private static void draw(Graphics2D g, List<Series> series, String title, double target) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        int episodes = series.stream().mapToInt(s -> s.mean().length).max().orElse(1);
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int y = 1; y <= 10; y++) {
            int py = yOf(y, ph);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(LEFT, py, LEFT + pw, py);
            g.setColor(Color.DARK_GRAY);
            g.drawString(Integer.toString(y), LEFT - 22, py + 4);
        }
        int tick = episodes <= 60 ? 10 : episodes <= 300 ? 50 : 100;
        for (int x = 0; x <= episodes; x += tick) {
            int px = xOf(x, episodes, pw);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(px, TOP, px, TOP + ph);
            g.setColor(Color.DARK_GRAY);
            g.drawString(Integer.toString(x), px - 8, TOP + ph + 16);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, pw, ph);
        g.drawString("rating (mean of the last " + Simulation.WINDOW + ", mean over seeds, band = 1 sd)", LEFT,
                TOP - 8);
        g.drawString("ratings given (episodes)", LEFT + pw / 2 - 60, H - 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        float[] dash = {6f, 4f};
        g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
        g.setColor(Color.GRAY);
        g.drawLine(LEFT, yOf(target, ph), LEFT + pw, yOf(target, ph));
        g.drawString(String.format(Locale.ROOT, "target %.1f", target), LEFT + pw - 70, yOf(target, ph) - 4);
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            Color c = COLORS[k % COLORS.length];
            int n = s.mean().length;
            Path2D band = new Path2D.Double();
            for (int e = 0; e < n; e++) {
                double px = xOf(e + 1, episodes, pw);
                if (e == 0) {
                    band.moveTo(px, yOf(s.hi()[e], ph));
                } else {
                    band.lineTo(px, yOf(s.hi()[e], ph));
                }
            }
            for (int e = n - 1; e >= 0; e--) {
                band.lineTo(xOf(e + 1, episodes, pw), yOf(s.lo()[e], ph));
            }
            band.closePath();
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 50));
            g.fill(band);
            Path2D line = new Path2D.Double();
            for (int e = 0; e < n; e++) {
                double px = xOf(e + 1, episodes, pw);
                if (e == 0) {
                    line.moveTo(px, yOf(s.mean()[e], ph));
                } else {
                    line.lineTo(px, yOf(s.mean()[e], ph));
                }
            }
            g.setStroke(new BasicStroke(2f));
            g.setColor(c);
            g.draw(line);
            int lx = LEFT + pw - 170;
            int ly = TOP + ph - 14 - 18 * (series.size() - 1 - k);
            g.setColor(new Color(255, 255, 255, 210));
            g.fillRect(lx - 6, ly - 13, 170, 18);
            g.setColor(c);
            g.fillRect(lx, ly - 9, 18, 10);
            g.setColor(Color.BLACK);
            g.drawString(s.label(), lx + 24, ly);
        }
    }

    private static int xOf(double episode, int episodes, int pw) {
        return LEFT + (int) Math.round(episode / episodes * pw);
    }

    private static int yOf(double rating, int ph) {
        return TOP + (int) Math.round((10 - rating) / 9 * ph);
    }
}

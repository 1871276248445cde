package org.hitlmidi.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.Performance;
import org.hitlmidi.music.Pitches;
import org.hitlmidi.music.Track;

/**
 * A piano-roll picture of a track as it is played: pitched parts on a keyboard grid (C rows named), one colour
 * per part, drums in named lanes below, bars and beats marked. For docs and for looking at what a learner plays.
 */
public final class PianoRollPng {
    private static final Map<Part, Color> COLOURS = Map.of(Part.MELODY, new Color(0xE0, 0x5A, 0x2B),
            Part.BASS, new Color(0x2B, 0x6C, 0xE0), Part.CHORDS, new Color(0x3A, 0xA8, 0x5C), Part.DRUMS, new Color(0x55, 0x55, 0x55));
    private static final Map<Integer, String> DRUMS = Map.ofEntries(Map.entry(35, "Kick"), Map.entry(36, "Kick"),
            Map.entry(37, "Side stick"), Map.entry(38, "Snare"), Map.entry(39, "Clap"), Map.entry(40, "Snare"),
            Map.entry(42, "Hat"), Map.entry(44, "Pedal hat"), Map.entry(46, "Open hat"), Map.entry(49, "Crash"),
            Map.entry(51, "Ride"), Map.entry(54, "Tambourine"), Map.entry(63, "Conga hi"), Map.entry(64, "Conga lo"),
            Map.entry(70, "Maracas"), Map.entry(45, "Tom lo"), Map.entry(47, "Tom mid"), Map.entry(50, "Tom hi"));

    private PianoRollPng() {
    }

    public static void write(Track t, String title, Path file) throws IOException {
        List<Performance.Event> ev = Performance.events(t, 1);
        int lo = ev.stream().filter(e -> e.part() != Part.DRUMS).mapToInt(Performance.Event::pitch).min().orElse(48) - 2;
        int hi = ev.stream().filter(e -> e.part() != Part.DRUMS).mapToInt(Performance.Event::pitch).max().orElse(72) + 2;
        TreeSet<Integer> drumKeys = new TreeSet<>();
        ev.stream().filter(e -> e.part() == Part.DRUMS).forEach(e -> drumKeys.add(e.pitch()));
        int row = 7;
        int left = 90;
        int top = 30;
        int width = 1100;
        int pitchH = (hi - lo + 1) * row;
        int drumH = drumKeys.size() * 12;
        BufferedImage img = new BufferedImage(left + width + 10, top + pitchH + 10 + drumH + 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        double beats = t.lengthBeats();
        double px = width / beats;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int p = lo; p <= hi; p++) {
            int y = top + (hi - p) * row;
            boolean black = List.of(1, 3, 6, 8, 10).contains(Math.floorMod(p, 12));
            g.setColor(black ? new Color(0xEE, 0xEE, 0xEE) : new Color(0xFA, 0xFA, 0xFA));
            g.fillRect(left, y, width, row);
            if (Math.floorMod(p, 12) == 0) {
                g.setColor(Color.DARK_GRAY);
                g.drawString(Pitches.name(p), 40, y + row);
            }
        }
        double bpb = t.arrangement().barred() ? t.arrangement().meter().beatsPerBar() : 4;
        for (double b = 0; b <= beats + 1e-9; b += 1) {
            boolean bar = Math.abs(b / bpb - Math.rint(b / bpb)) < 1e-9;
            g.setColor(bar ? Color.GRAY : new Color(0xDD, 0xDD, 0xDD));
            int x = left + (int) Math.round(b * px);
            g.drawLine(x, top, x, top + pitchH + 10 + drumH);
            if (bar && b < beats) {
                g.setColor(Color.DARK_GRAY);
                g.drawString(Integer.toString((int) Math.round(b / bpb) + 1), x + 3, top - 4);
            }
        }
        int dy = top + pitchH + 10;
        int k = 0;
        for (int key : drumKeys) {
            g.setColor(Color.DARK_GRAY);
            g.drawString(DRUMS.getOrDefault(key, "Key " + key), 4, dy + k * 12 + 10);
            k++;
        }
        for (Performance.Event e : ev) {
            Color c = COLOURS.get(e.part());
            int x = left + (int) Math.round(e.start() * px);
            int w = Math.max(2, (int) Math.round(e.duration() * px) - 1);
            if (e.part() == Part.DRUMS) {
                int lane = drumKeys.headSet(e.pitch()).size();
                g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 80 + e.velocity()));
                g.fillRect(x, dy + lane * 12 + 2, Math.max(3, w / 2), 9);
            } else {
                int y = top + (hi - e.pitch()) * row;
                g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 90 + e.velocity()));
                g.fillRect(x, y, w, row);
                g.setColor(c.darker());
                g.setStroke(new BasicStroke(1));
                g.drawRect(x, y, w, row);
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, left, 16);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}

package org.hitlmidi.learn;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;

/**
 * States relative to the base note, built from chosen parts, so that tracks which differ only where the
 * parts do not look count as one state and what is learned in one carries over to the others:
 * <ul>
 * <li>{@code degrees}: each note's scale degree on the base note and octave (a chromatic note as "+" after
 * the degree below): the paper's melody state, made independent of the base note;</li>
 * <li>{@code intervals}: each interval's class, repeat / step (1-2) / skip (3-7) / leap, with its direction;</li>
 * <li>{@code contour}: each interval's direction only (up, down, same);</li>
 * <li>{@code rhythm}: each note's length in sixteenths;</li>
 * <li>{@code drums}: drum hits per beat and the share on the beat, in coarse classes;</li>
 * <li>{@code summary}: a coarse profile of the whole track: shares of repeats, steps, skips and leaps
 * (quarters), range class, whether it ends on the tonic, how many note lengths, drum classes.</li>
 * </ul>
 */
public final class RelativeEncoder implements StateEncoder<String> {
    /** The parts a relative state can be built from. */
    public enum Part {
        DEGREES, INTERVALS, CONTOUR, RHYTHM, DRUMS, SUMMARY;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Part parse(String s) {
            for (Part p : values()) {
                if (p.id().equals(s)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("'" + s + "' is not a state part; known: degrees, intervals, contour, "
                    + "rhythm, drums, summary");
        }
    }

    private final Set<Part> parts;
    private TrackParams params;

    public RelativeEncoder(Set<Part> parts, TrackParams params) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a relative state needs at least one part");
        }
        this.parts = EnumSet.copyOf(parts);
        this.params = params;
    }

    /** A copy told the same parameters (they change in either without the other). */
    public RelativeEncoder copy() {
        return new RelativeEncoder(parts, params);
    }

    public void params(TrackParams p) {
        this.params = p;
    }

    public Set<Part> parts() {
        return Set.copyOf(parts);
    }

    @Override
    public String encode(Track t) {
        StringBuilder b = new StringBuilder();
        List<Note> m = t.melody();
        for (Part part : parts) {
            b.append(part.id().charAt(0)).append(':');
            switch (part) {
                case DEGREES -> m.forEach(n -> b.append(degree(n.pitch())).append(' '));
                case INTERVALS -> {
                    for (int i = 1; i < m.size(); i++) {
                        b.append(intervalClass(m.get(i).pitch() - m.get(i - 1).pitch()));
                    }
                }
                case CONTOUR -> {
                    for (int i = 1; i < m.size(); i++) {
                        int d = m.get(i).pitch() - m.get(i - 1).pitch();
                        b.append(d > 0 ? 'u' : d < 0 ? 'd' : '=');
                    }
                }
                case RHYTHM -> m.forEach(n -> b.append(Math.round(n.duration() * 4)).append(' '));
                case DRUMS -> b.append(drums(t));
                case SUMMARY -> b.append(summary(t));
                default -> throw new AssertionError(part);
            }
            b.append(';');
        }
        return b.toString();
    }

    /** Scale degree (1-based) and octave relative to the base note: "3o0", "5+o-1" (chromatic above 5). */
    String degree(int pitch) {
        int rel = pitch - params.baseNote();
        int octave = Math.floorDiv(rel, 12);
        int pc = Math.floorMod(rel, 12);
        int[] steps = params.scale().steps();
        int deg = 0;
        for (int k = 0; k < steps.length; k++) {
            if (steps[k] <= pc) {
                deg = k;
            }
        }
        return (deg + 1) + (steps[deg] == pc ? "" : "+") + "o" + octave;
    }

    static char intervalClass(int d) {
        int a = Math.abs(d);
        if (a == 0) {
            return '=';
        }
        char c = a <= 2 ? 's' : a <= 7 ? 'k' : 'l';
        return d > 0 ? Character.toUpperCase(c) : c;
    }

    private static String drums(Track t) {
        int n = t.percussion().size();
        double beats = Math.max(1, t.lengthBeats());
        int onBeat = 0;
        for (DrumHit h : t.percussion()) {
            onBeat += Math.abs(h.beat() - Math.round(h.beat())) < 0.01 ? 1 : 0;
        }
        long density = n == 0 ? -9 : Math.round(Math.log(n / beats) / Math.log(2));
        return "d" + density + "b" + (n == 0 ? 0 : Math.round(2.0 * onBeat / n));
    }

    private String summary(Track t) {
        List<Note> m = t.melody();
        int[] cls = new int[4];
        int lo = 127;
        int hi = 0;
        int lengths = 0;
        for (int i = 0; i < m.size(); i++) {
            int p = m.get(i).pitch();
            lo = Math.min(lo, p);
            hi = Math.max(hi, p);
            lengths |= 1 << Math.min(7, (int) Math.round(m.get(i).duration() * 4));
            if (i > 0) {
                int a = Math.abs(p - m.get(i - 1).pitch());
                cls[a == 0 ? 0 : a <= 2 ? 1 : a <= 7 ? 2 : 3]++;
            }
        }
        int steps = Math.max(1, m.size() - 1);
        StringBuilder b = new StringBuilder();
        for (int c : cls) {
            b.append(Math.round(4.0 * c / steps));
        }
        int range = hi - lo;
        b.append('r').append(range < 5 ? 0 : range < 12 ? 1 : range < 19 ? 2 : 3);
        boolean tonic = !m.isEmpty() && Math.floorMod(m.get(m.size() - 1).pitch() - params.baseNote(), 12) == 0;
        b.append(tonic ? 'T' : 't').append(Integer.bitCount(lengths)).append(drums(t));
        return b.toString();
    }
}

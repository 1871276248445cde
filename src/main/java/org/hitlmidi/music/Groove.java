package org.hitlmidi.music;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A drum pattern of one bar on a sixteenth-note grid, lane by lane (General MIDI key -> steps), with a
 * variation for every other bar and a fill for the last bar of a phrase. A step is '.' (rest), 'o' (ghost),
 * 'x' (normal) or 'X' (accent).
 */
public record Groove(String name, Meter meter, Map<Integer, String> main, Map<Integer, String> variation,
                     Map<Integer, String> fill) {
    public static final int ACCENT = 112;
    public static final int NORMAL = 88;
    public static final int GHOST = 46;

    public Groove {
        main = copy(name, meter, main);
        variation = variation == null || variation.isEmpty() ? main : copy(name, meter, variation);
        fill = fill == null || fill.isEmpty() ? variation : copy(name, meter, fill);
        if (main.isEmpty()) {
            throw new IllegalArgumentException("groove '" + name + "' has no lanes");
        }
    }

    private static Map<Integer, String> copy(String name, Meter meter, Map<Integer, String> lanes) {
        Map<Integer, String> out = new LinkedHashMap<>();
        lanes.forEach((key, steps) -> {
            if (key < 27 || key > 87) {
                throw new IllegalArgumentException("groove '" + name + "' lane " + key + " is not a GM drum key (27..87)");
            }
            if (steps.length() != meter.steps() || !steps.matches("[.oxX]+")) {
                throw new IllegalArgumentException("groove '" + name + "' lane " + key + " must be " + meter.steps()
                        + " steps of . o x X for " + meter + ", not '" + steps + "'");
            }
            out.put(key, steps);
        });
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The hits of bar {@code bar} (0-based) of a loop of {@code bars} bars, phrases of {@code phrase} bars. */
    /** Lanes that keep time (hats, ride, shakers): thinned or left out at lower drum densities. */
    private static final java.util.Set<Integer> TIME_LANES = java.util.Set.of(42, 46, 51, 54, 70);

    public List<DrumHit> bar(int bar, int bars, int phrase, double offset) {
        return bar(bar, bars, phrase, offset, 2);
    }

    /**
     * The hits of one bar at a drum density: 2 as written, 1 time-keeping lanes on the beats only and no ghost
     * notes, 0 no time-keeping lanes and no ghost notes (kick, snare and fills).
     */
    public List<DrumHit> bar(int bar, int bars, int phrase, double offset, int density) {
        boolean lastOfPhrase = bars > 1 && ((bar + 1) % phrase == 0 || bar == bars - 1);
        Map<Integer, String> lanes = lastOfPhrase ? fill : bar % 2 == 1 ? variation : main;
        List<DrumHit> out = new ArrayList<>();
        for (Map.Entry<Integer, String> lane : lanes.entrySet()) {
            String s = lane.getValue();
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                boolean time = TIME_LANES.contains(lane.getKey());
                if (density < 2 && (c == 'o' || time && (density == 0 || k % 4 != 0))) {
                    continue;
                }
                if (c != '.') {
                    int v = c == 'X' ? ACCENT : c == 'x' ? NORMAL : GHOST;
                    out.add(new DrumHit(offset + k * 0.25, lane.getKey(), v));
                }
            }
        }
        return out;
    }
}

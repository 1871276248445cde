package org.hitlmidi.music;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in groove library, by name. Each groove has a backbeat unless its name says otherwise (the jazz
 * ride pattern keeps time with the hi-hat pedal on 2 and 4). GM keys: 36 kick, 37 side stick, 38 snare,
 * 39 clap, 42 closed hat, 44 pedal hat, 46 open hat, 49 crash, 51 ride, 54 tambourine, 63/64 congas,
 * 70 maracas, 45/47/50 toms.
 */
public final class Grooves {
    private static final Map<String, Groove> ALL = build();

    private Grooves() {
    }

    public static Groove get(String name) {
        Groove g = ALL.get(name);
        if (g == null) {
            throw new IllegalArgumentException("unknown groove '" + name + "': use one of " + String.join(", ", ALL.keySet()));
        }
        return g;
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    private static Map<Integer, String> lanes(Object... kv) {
        Map<Integer, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((Integer) kv[i], (String) kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Groove> build() {
        Map<String, Groove> m = new LinkedHashMap<>();
        Meter q = Meter.FOUR_FOUR;
        add(m, new Groove("rock", q,
                lanes(36, "X.......X.x.....", 38, "....X.......X...", 42, "x.x.x.x.x.x.x.x."),
                lanes(36, "X.......X...x...", 38, "....X.......X..o", 42, "x.x.x.x.x.x.x.x."),
                lanes(36, "X.......X.......", 38, "....X.......XxXx", 42, "x.x.x.x.x.x.....", 45, "..............x.")));
        add(m, new Groove("pop", q,
                lanes(36, "X.....x.X.......", 38, "....X.......X...", 42, "x.x.x.x.x.x.x...", 46, "..............x."),
                lanes(36, "X.....x.X.x.....", 38, "....X.......X...", 42, "x.x.x.x.x.x.x...", 46, "..............x."),
                lanes(36, "X.....x.X.......", 38, "....X.......X.xx", 42, "x.x.x.x.x.x.....", 39, "............X...")));
        add(m, new Groove("ballad", q,
                lanes(36, "X.........x.....", 37, "....x.......x...", 42, "x.x.x.x.x.x.x.x."),
                lanes(36, "X.......X.x.....", 37, "....x.......x...", 42, "x.x.x.x.x.x.x.x."),
                lanes(36, "X.........x.....", 38, "....x.......x.oo", 42, "x.x.x.x.x.x.....")));
        add(m, new Groove("four-on-the-floor", q,
                lanes(36, "X...X...X...X...", 39, "....X.......X...", 42, "..x...x...x...x.", 46, "......x.......x."),
                lanes(36, "X...X...X...X...", 39, "....X.......X...", 42, "o.x.o.x.o.x.o.x."),
                lanes(36, "X...X...X...X...", 39, "....X.......X.xx", 42, "..x...x...x...x.", 38, "............xxxx")));
        add(m, new Groove("boom-bap", q,
                lanes(36, "X......x..X.....", 38, "....X.......X...", 42, "x.x.x.x.x.x.x.x."),
                lanes(36, "X.x.......X..x..", 38, "....X.......X...", 42, "x.x.x.x.x.x.x.x."),
                lanes(36, "X......x..X.....", 38, "....X.......X.o.", 42, "x.x.x.x.x.x.x.o.")));
        add(m, new Groove("shuffle", q,
                lanes(36, "X.......X.......", 38, "....X.......X...", 42, "x.x.x.x.x.x.x.x."),
                lanes(36, "X.....x.X.......", 38, "....X.......X...", 42, "x.x.x.x.x.x.x.x."),
                lanes(36, "X.......X.......", 38, "....X.......X.XX", 42, "x.x.x.x.x.x.....")));
        add(m, new Groove("jazz-ride-no-backbeat", q,
                lanes(51, "x...X.x.x...X.x.", 44, "....x.......x...", 36, "o.......o......."),
                lanes(51, "x...X.x.x...X.x.", 44, "....x.......x...", 38, "......o.......o."),
                lanes(51, "x...X.x.x...X...", 44, "....x.......x...", 38, "..........o.x.x.")));
        add(m, new Groove("folk-clap", q,
                lanes(64, "X.......x.......", 39, "....X.......X...", 70, "x.x.x.x.x.x.x.x."),
                lanes(64, "X.....x.x.......", 39, "....X.......X...", 63, "..x.......x....."),
                lanes(64, "X.......x.......", 39, "....X.......X.X.", 54, "x.x.x.x.x.x.x.x.")));
        add(m, new Groove("metal", q,
                lanes(36, "X.x.X.x.X.x.X.x.", 38, "....X.......X...", 51, "x.x.x.x.x.x.x.x."),
                lanes(36, "XxX.XxX.XxX.XxX.", 38, "....X.......X...", 51, "x.x.x.x.x.x.x.x."),
                lanes(36, "X.x.X.x.X.x.....", 38, "....X.......XXXX", 49, "X...............", 47, "........xx......")));
        add(m, new Groove("half-time", q,
                lanes(36, "X.........X.....", 38, "........X.......", 42, "x.x.x.x.x.x.x.x."),
                lanes(36, "X.....x...X.....", 38, "........X.......", 42, "x.x.x.x.x.x.x.x."),
                lanes(36, "X.........X.....", 38, "........X...x.xx", 42, "x.x.x.x.x.x.....")));
        Meter w = Meter.THREE_FOUR;
        add(m, new Groove("waltz", w,
                lanes(36, "X...........", 38, "....x...x...", 42, "x.x.x.x.x.x."),
                lanes(36, "X.......o...", 38, "....x...x...", 42, "x.x.x.x.x.x."),
                lanes(36, "X...........", 38, "....x...x.xx", 42, "x.x.x.x.....")));
        Meter s = Meter.SIX_EIGHT;
        add(m, new Groove("six-eight", s,
                lanes(36, "X...........", 38, "......X.....", 42, "x.x.x.x.x.x."),
                lanes(36, "X.....o.....", 38, "......X.....", 42, "x.x.x.x.x.x."),
                lanes(36, "X...........", 38, "......X...xx", 42, "x.x.x.x.....", 45, "........x...")));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static void add(Map<String, Groove> m, Groove g) {
        m.put(g.name(), g);
    }
}

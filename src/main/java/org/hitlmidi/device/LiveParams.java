package org.hitlmidi.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hitlmidi.control.Request;
import org.hitlmidi.music.Arrangement;
import org.hitlmidi.music.ChordFinder;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.Feel;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.PartNote;
import org.hitlmidi.music.Progression;
import org.hitlmidi.music.Sketch;
import org.hitlmidi.music.SongComposer;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;

/**
 * The performer's live controls on top of the profile's parameters (docs/protocol.md, `params`): how the track is
 * played (swing, humanize, intensity, a level per part: "feel", no new episode) and two choices of the composer
 * that override its sketch (density, register: a material change). A null swing, humanize, density or register
 * leaves the style's or the composer's own.
 *
 * @param swing     0..1 (0 straight, 1 a triplet feel), or null for the style's
 * @param humanize  0..1 (1: timing within 24/480 of a beat, velocity within 40), or null for the style's
 * @param density   notes-per-bar class 0 (sparse) .. 3 (busy) of every composed track, or null for the composer's
 * @param register  -1, 0, +1: the melody a fifth lower, as written, a fourth higher; or null for the composer's
 * @param intensity 0..2, every velocity scaled by it (1 as composed)
 * @param levels    0..1 per part, its velocities scaled by it (0 silences the part of a composed track)
 * @param programs  a General MIDI program 0..127 for the bass or the chords instead of the style's (the melody's
 *                  is the profile's `program`; the drums are channel 10's kit); absent for the style's
 * @param chords    the progression every composed track plays instead of its style's, as chord names joined by
 *                  dashes ("Dm-G7": chord follow's, or a client's), one a bar, repeated; or null for the style's
 */
record LiveParams(Double swing, Double humanize, Integer density, Integer register, double intensity,
                  Map<Part, Double> levels, Map<Part, Integer> programs, String chords) {
    static final LiveParams DEFAULT = new LiveParams(null, null, null, null, 1, Map.of(), Map.of(), null);
    /** The most chords a given progression may have. */
    static final int MAX_CHORDS = 16;
    /** The parts whose program a live parameter may set. */
    static final List<Part> PROGRAM_PARTS = org.hitlmidi.control.Params.PROGRAM_PARTS;

    LiveParams(Double swing, Double humanize, Integer density, Integer register, double intensity,
               Map<Part, Double> levels) {
        this(swing, humanize, density, register, intensity, levels, Map.of(), null);
    }
    /** The parameter names, as `params` takes and reports them. */
    static final List<String> NAMES;
    static final double MAX_INTENSITY = 2;

    static {
        List<String> n = new ArrayList<>(List.of("swing", "humanize", "density", "register", "intensity"));
        for (Part p : Part.values()) {
            n.add(levelName(p));
        }
        for (Part p : PROGRAM_PARTS) {
            n.add(programName(p));
        }
        n.add("chords");
        NAMES = List.copyOf(n);
    }

    LiveParams {
        if (swing != null && !(swing >= 0 && swing <= 1)) {
            throw new IllegalArgumentException("swing " + swing + " outside 0..1");
        }
        if (humanize != null && !(humanize >= 0 && humanize <= 1)) {
            throw new IllegalArgumentException("humanize " + humanize + " outside 0..1");
        }
        if (density != null && (density < 0 || density > 3)) {
            throw new IllegalArgumentException("density " + density + " outside 0..3");
        }
        if (register != null && (register < -1 || register > 1)) {
            throw new IllegalArgumentException("register " + register + " outside -1..1");
        }
        if (!(intensity >= 0 && intensity <= MAX_INTENSITY)) {
            throw new IllegalArgumentException("intensity " + intensity + " outside 0..2");
        }
        Map<Part, Double> l = new EnumMap<>(Part.class);
        for (Map.Entry<Part, Double> e : levels.entrySet()) {
            double v = e.getValue();
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(levelName(e.getKey()) + " " + v + " outside 0..1");
            }
            if (v != 1) {
                l.put(e.getKey(), v);
            }
        }
        levels = Collections.unmodifiableMap(l);
        Map<Part, Integer> pr = new EnumMap<>(Part.class);
        for (Map.Entry<Part, Integer> e : programs.entrySet()) {
            if (!PROGRAM_PARTS.contains(e.getKey()) || e.getValue() < 0 || e.getValue() > 127) {
                throw new IllegalArgumentException(programName(e.getKey()) + " " + e.getValue() + " outside 0..127");
            }
            pr.put(e.getKey(), e.getValue());
        }
        programs = Collections.unmodifiableMap(pr);
        if (chords != null) {
            chords = String.join("-", progressionOf(chords).stream().map(ChordFinder.Found::name).toList());
        }
    }

    /** The chords of a progression written as names ("Dm-G7", "Dm G7", "Dm, G7"): 1..16 of them. */
    static List<ChordFinder.Found> progressionOf(String text) {
        List<ChordFinder.Found> out = new ArrayList<>();
        for (String x : text.strip().split("[\\s,-]+")) {
            if (!x.isEmpty()) {
                out.add(ChordFinder.parse(x));
            }
        }
        if (out.isEmpty() || out.size() > MAX_CHORDS) {
            throw new IllegalArgumentException("chords '" + text + "' must name 1.." + MAX_CHORDS
                    + " chords (e.g. \"Dm-G7-C\")");
        }
        return out;
    }

    static String programName(Part p) {
        return org.hitlmidi.control.Params.programName(p);
    }

    static String levelName(Part p) {
        return org.hitlmidi.control.Params.levelName(p);
    }

    double level(Part p) {
        return levels.getOrDefault(p, 1.0);
    }

    /** Whether going from this to {@code o} changes the material (the composer's choices), not only the feel. */
    boolean materialChange(LiveParams o) {
        return !java.util.Objects.equals(density, o.density) || !java.util.Objects.equals(register, o.register)
                || !java.util.Objects.equals(chords, o.chords);
    }

    /** This with the fields of {@code set} that name live parameters applied (checked; null resets one). */
    LiveParams with(ObjectNode set) {
        Double sw = swing;
        Double hu = humanize;
        Integer de = density;
        Integer re = register;
        double in = intensity;
        Map<Part, Double> lv = new EnumMap<>(Part.class);
        lv.putAll(levels);
        if (set.has("swing")) {
            sw = unitOrNull(set, "swing");
        }
        if (set.has("humanize")) {
            hu = unitOrNull(set, "humanize");
        }
        if (set.has("density")) {
            de = intOrNull(set, "density", 0, 3);
        }
        if (set.has("register")) {
            re = intOrNull(set, "register", -1, 1);
        }
        if (set.has("intensity")) {
            in = number(set, "intensity", 0, MAX_INTENSITY, "1 as composed");
        }
        for (Part p : Part.values()) {
            String n = levelName(p);
            if (set.has(n)) {
                lv.put(p, set.get(n).isNull() ? 1.0 : number(set, n, 0, 1, "1 as composed"));
            }
        }
        Map<Part, Integer> pr = new EnumMap<>(Part.class);
        pr.putAll(programs);
        for (Part p : PROGRAM_PARTS) {
            String n = programName(p);
            if (set.has(n)) {
                Integer v = intOrNull(set, n, 0, 127);
                if (v == null) {
                    pr.remove(p);
                } else {
                    pr.put(p, v);
                }
            }
        }
        String ch = chords;
        if (set.has("chords")) {
            JsonNode c = set.get("chords");
            if (!c.isNull() && !c.isTextual()) {
                throw Request.bad("chords must be chord names joined by dashes (\"Dm-G7\") or null (the style's), not "
                        + Request.shorten(c));
            }
            ch = c.isNull() || c.asText().isBlank() ? null : c.asText();
        }
        return new LiveParams(sw, hu, de, re, in, lv, pr, ch);
    }

    private static Double unitOrNull(ObjectNode set, String name) {
        return set.get(name).isNull() ? null : number(set, name, 0, 1, "null for the style's own");
    }

    private static double number(ObjectNode set, String name, double lo, double hi, String hint) {
        JsonNode v = set.get(name);
        if (v == null || !v.isNumber() || !(v.doubleValue() >= lo && v.doubleValue() <= hi)) {
            throw Request.bad(name + " must be a number " + fmt(lo) + ".." + fmt(hi) + " (" + hint + "), not "
                    + Request.shorten(v));
        }
        return v.doubleValue();
    }

    private static Integer intOrNull(ObjectNode set, String name, int lo, int hi) {
        JsonNode v = set.get(name);
        if (v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() || !v.isIntegralNumber() && v.doubleValue() != Math.rint(v.doubleValue())
                || v.intValue() < lo || v.intValue() > hi) {
            throw Request.bad(name + " must be a whole number " + lo + ".." + hi + " or null (the composer's own), not "
                    + Request.shorten(v));
        }
        return v.intValue();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Puts every live parameter into a `params` view (nulls included, so a client sees each one). */
    void putInto(ObjectNode o) {
        putNullable(o, "swing", swing);
        putNullable(o, "humanize", humanize);
        if (density == null) {
            o.putNull("density");
        } else {
            o.put("density", density);
        }
        if (register == null) {
            o.putNull("register");
        } else {
            o.put("register", register);
        }
        o.put("intensity", intensity);
        for (Part p : Part.values()) {
            o.put(levelName(p), level(p));
        }
        for (Part p : PROGRAM_PARTS) {
            if (programs.containsKey(p)) {
                o.put(programName(p), programs.get(p));
            } else {
                o.putNull(programName(p));
            }
        }
        if (chords == null) {
            o.putNull("chords");
        } else {
            o.put("chords", chords);
        }
    }

    private static void putNullable(ObjectNode o, String n, Double v) {
        if (v == null) {
            o.putNull(n);
        } else {
            o.put(n, v);
        }
    }

    /** Reads what {@link #putInto} wrote (a scene); fields that are missing keep their defaults. */
    static LiveParams fromJson(JsonNode o) {
        ObjectNode set = o.deepCopy() instanceof ObjectNode x ? x : DeviceViews.body();
        ObjectNode only = DeviceViews.body();
        for (String n : NAMES) {
            if (set.has(n)) {
                only.set(n, set.get(n));
            }
        }
        return DEFAULT.with(only);
    }

    // ---- the music ----

    /**
     * A composed track with this density, register and progression (recomposed from its sketch with those choices,
     * the listener's mutes kept), or {@code t} itself when none is set and it plays its style's progression, it has
     * no sketch, or it already has them. With {@link #chords} null, a track over given chords goes back to its
     * style's progression.
     */
    Track compose(Track t, TrackParams params) {
        Sketch s = t.arrangement().sketch();
        if (s == null || t.arrangement().bars() != params.bars() || t.arrangement().meter() != params.meter()) {
            return t;
        }
        boolean given = chords == null && t.arrangement().style().equals(params.style().name())
                && !params.style().progressions().stream().map(String::trim).toList()
                .contains(t.arrangement().progression());
        if (density == null && register == null && chords == null && !given) {
            return t;
        }
        Sketch n = s;
        if (density != null) {
            n = n.withDensity(density);
        }
        if (register != null) {
            n = n.withRegister(register);
        }
        Progression prog = progression(s, params);
        if (n.equals(s) && prog.name().equals(t.arrangement().progression())) {
            return t;
        }
        Track c = new SongComposer(params).compose(n, prog);
        return c.withArrangement(c.arrangement().withMuted(t.arrangement().muted())).withTempo(t.tempo());
    }

    /** The progression a track of sketch {@code s} plays: the given chords in the key of {@code params}, or the style's. */
    Progression progression(Sketch s, TrackParams params) {
        boolean minor = org.hitlmidi.music.Style.minorKey(params.scale());
        if (chords == null) {
            List<String> own = params.style().progressions();
            return Progression.parse(own.get(s.progression() % own.size()), minor);
        }
        int tonic = Math.floorMod(params.baseNote(), 12);
        List<org.hitlmidi.music.Chord> cs = progressionOf(chords).stream().map(f -> f.inKey(tonic, minor)).toList();
        return new Progression(String.join("-", cs.stream().map(org.hitlmidi.music.Chord::symbol).toList()), cs);
    }

    /** The feel {@code style} is played with after the swing and humanize overrides. */
    Feel feel(Feel style) {
        Feel f = swing == null ? style : style.withSwing(swing);
        if (humanize != null) {
            f = new Feel(f.swing(), f.swingUnit(), (int) Math.round(24 * humanize), (int) Math.round(40 * humanize));
        }
        return f;
    }

    /**
     * {@code t} as it is played: the feel overridden, every velocity scaled by intensity and its part's level, a
     * part at level 0 (or everything at intensity 0) muted. The material (pitches, times) is untouched, so the
     * player's seeded humanize stays the track's own.
     */
    Track render(Track t) {
        Arrangement a = t.arrangement();
        boolean feelSet = swing != null || humanize != null;
        if (!feelSet && intensity == 1 && levels.isEmpty() && programs.isEmpty()) {
            return t;
        }
        Set<Part> silent = EnumSet.noneOf(Part.class);
        silent.addAll(a.muted());
        for (Part p : Part.values()) {
            if (factor(p) == 0) {
                silent.add(p);
            }
        }
        List<Note> melody = new ArrayList<>(t.melody().size());
        for (Note n : t.melody()) {
            melody.add(new Note(n.pitch(), n.duration(), scale(n.velocity(), Part.MELODY)));
        }
        List<DrumHit> drums = new ArrayList<>(t.percussion().size());
        for (DrumHit h : t.percussion()) {
            drums.add(new DrumHit(h.beat(), h.key(), scale(h.velocity(), Part.DRUMS)));
        }
        Track out = new Track(melody, drums, t.tempo(), t.arrangement());
        if (a.barred() || feelSet) {
            Arrangement b = new Arrangement(a.style(), a.meter(), a.bars(), a.progression(), scaled(a.bass(), Part.BASS),
                    scaled(a.chords(), Part.CHORDS), programs.getOrDefault(Part.BASS, a.bassProgram()),
                    programs.getOrDefault(Part.CHORDS, a.chordsProgram()), feel(a.feel()), a.sketch(),
                    a.barred() ? silent : a.muted());
            out = out.withArrangement(b);
        }
        return out;
    }

    private double factor(Part p) {
        return intensity * level(p);
    }

    private int scale(int velocity, Part p) {
        return Math.max(1, Math.min(127, (int) Math.round(velocity * factor(p))));
    }

    private List<PartNote> scaled(List<PartNote> notes, Part p) {
        List<PartNote> out = new ArrayList<>(notes.size());
        for (PartNote n : notes) {
            out.add(new PartNote(n.start(), n.pitch(), n.duration(), scale(n.velocity(), p)));
        }
        return out;
    }
}

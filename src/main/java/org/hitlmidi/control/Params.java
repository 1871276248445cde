package org.hitlmidi.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hitlmidi.music.Part;

/**
 * The parameters a `params` request sets (its {@code set}), in one place: each one's name, the kind of value it
 * takes, the word that sets it back to its default (null on the wire), its label and hint for people, and how a
 * person's text (a CLI option, a panel field) becomes its value on the wire. The device refuses any other name
 * and checks the values; the CLI and the panel build their requests with {@link #value}. docs/protocol.md lists
 * the same names ({@code ParamsTest}).
 */
public final class Params {
    /** The JSON a parameter takes. */
    public enum Kind {
        /** A name or a note name: "C4", "minor", "4/4", a preset's name. */
        TEXT,
        /** A whole number. */
        INTEGER,
        /** A number. */
        NUMBER,
        /** true or false. */
        BOOLEAN,
        /** A list of parts: ["bass", "chords"]. */
        PARTS,
        /** One part, or null. */
        PART
    }

    /**
     * One parameter.
     *
     * @param reset  the word a person types for null (the default: the style's, the composer's, the learner's own),
     *               or null when the parameter takes no null
     * @param range  the values it takes, for people ("0..1"); empty for a name
     * @param hint   what it does, for people (a tooltip, --help)
     */
    public record Param(String name, Kind kind, String reset, String range, String label, String hint) {
        /** Whether null (the default) is a value it takes. */
        public boolean nullable() {
            return reset != null;
        }
    }

    /** The parts whose General MIDI program a parameter may set (the melody's is `program`). */
    public static final List<Part> PROGRAM_PARTS = List.of(Part.BASS, Part.CHORDS);

    private static final Map<String, Param> ALL;

    static {
        List<Param> p = new ArrayList<>(List.of(
                new Param("style", Kind.TEXT, null, "", "Style", "a style preset (built in, or yours in <data dir>/"
                        + "presets/styles), or next / previous; makes a new track"),
                new Param("base", Kind.TEXT, null, "", "Base", "the base note, e.g. C4; makes a new track"),
                new Param("scale", Kind.TEXT, null, "", "Scale", "major, minor, ...; makes a new track"),
                new Param("length", Kind.INTEGER, null, "", "Length", "the paper learners' track length in notes; "
                        + "makes a new track"),
                new Param("tempo", Kind.NUMBER, null, "20..400", "Tempo", "beats per minute"),
                new Param("channel", Kind.INTEGER, null, "1..16", "Channel", "the MIDI channel of the melody"),
                new Param("program", Kind.INTEGER, null, "0..127", "Program", "the melody's General MIDI program"),
                new Param("kit", Kind.TEXT, null, "", "Kit", "a kit preset: the edits a paper learner can make; makes a "
                        + "new track"),
                new Param("exploration", Kind.NUMBER, "default", "0..1", "Exploration", "the learner's exploration rate "
                        + "instead of its preset's (empty: the preset's own)"),
                new Param("loop", Kind.BOOLEAN, null, "", "Loop", "loop the track until it is rated or skipped"),
                new Param("bars", Kind.INTEGER, null, "", "Bars", "the track's length in bars; makes a new track"),
                new Param("meter", Kind.TEXT, null, "", "Meter", "4/4, 3/4 or 6/8; makes a new track"),
                new Param("mute", Kind.PARTS, null, "", "Mute", "the parts not heard (melody, bass, chords, drums)"),
                new Param("solo", Kind.PART, "none", "", "Solo", "the one part heard (empty: all)"),
                new Param("swing", Kind.NUMBER, "style", "0..1", "Swing", "0..1 (empty: the style's swing)"),
                new Param("humanize", Kind.NUMBER, "style", "0..1", "Humanize", "0..1: timing and velocity spread "
                        + "(empty: the style's)"),
                new Param("density", Kind.INTEGER, "auto", "0..3", "Density", "0..3: notes per bar, sparse to busy "
                        + "(empty: the composer's choice); makes a new track"),
                new Param("register", Kind.INTEGER, "auto", "-1..1", "Register", "-1, 0, 1: the melody a fifth lower, as "
                        + "written, a fourth higher (empty: the composer's choice); makes a new track"),
                new Param("intensity", Kind.NUMBER, null, "0..2", "Intensity", "0..2: every velocity scaled (1 as "
                        + "composed)")));
        for (Part part : Part.values()) {
            p.add(new Param(levelName(part), Kind.NUMBER, null, "0..1", title(part.id()) + " level", "0..1: the "
                    + part.id() + "'s velocities scaled (0 silences it, 1 as composed)"));
        }
        for (Part part : PROGRAM_PARTS) {
            p.add(new Param(programName(part), Kind.INTEGER, "style", "0..127", title(part.id()) + " program",
                    "0..127: the " + part.id() + "'s General MIDI program (empty: the style's)"));
        }
        p.add(new Param("chords", Kind.TEXT, "style", "", "Chords", "the progression to play instead of the style's, "
                + "chord names joined by dashes, e.g. Dm-G7-C (empty: the style's); makes a new track"));
        p.add(new Param("keyFollow", Kind.BOOLEAN, null, "", "Key follow", "notes played in set the key (see follow)"));
        p.add(new Param("chordFollow", Kind.BOOLEAN, null, "", "Chord follow", "chords held on the input set the "
                + "progression (see follow)"));
        Map<String, Param> m = new LinkedHashMap<>();
        p.forEach(x -> m.put(x.name(), x));
        ALL = Collections.unmodifiableMap(m);
    }

    private Params() {
    }

    /** Every parameter, in the order a form shows them. */
    public static List<Param> all() {
        return List.copyOf(ALL.values());
    }

    /** The names `params` takes. */
    public static Set<String> names() {
        return ALL.keySet();
    }

    public static Optional<Param> get(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /** A part's level parameter: level_bass. */
    public static String levelName(Part p) {
        return "level_" + p.id();
    }

    /** A part's program parameter: program_bass. */
    public static String programName(Part p) {
        return "program_" + p.id();
    }

    /**
     * The value a person's text means for parameter {@code name}, as the `params` request sends it: empty or the
     * reset word is null (for a parameter that takes null); a number for a number (a whole one for a whole
     * number); true/false (also on/off, yes/no); parts by name, comma-separated, "none" or empty for none. Only the
     * form is checked here (a range is the device's to check, which says why).
     *
     * @throws IllegalArgumentException naming the parameter and what it takes
     */
    public static JsonNode value(String name, String text) {
        Param p = get(name).orElseThrow(() -> new IllegalArgumentException("unknown parameter '" + name + "'; known: "
                + new java.util.TreeSet<>(names())));
        JsonNodeFactory f = JsonNodeFactory.instance;
        String t = text == null ? "" : text.strip();
        if (p.nullable() && (t.isEmpty() || t.equalsIgnoreCase(p.reset()))) {
            return f.nullNode();
        }
        try {
            return switch (p.kind()) {
                case TEXT -> {
                    if (t.isEmpty()) {
                        throw new IllegalArgumentException(name + " is empty");
                    }
                    yield f.textNode(t);
                }
                case INTEGER -> {
                    double d = Double.parseDouble(t);
                    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                        throw new NumberFormatException();
                    }
                    yield f.numberNode((int) d);
                }
                case NUMBER -> {
                    double d = Double.parseDouble(t);
                    if (!Double.isFinite(d)) {
                        throw new NumberFormatException();
                    }
                    yield d == Math.rint(d) && Math.abs(d) < 1e9 ? f.numberNode((int) d) : f.numberNode(d);
                }
                case BOOLEAN -> switch (t.toLowerCase(Locale.ROOT)) {
                    case "true", "on", "yes" -> f.booleanNode(true);
                    case "false", "off", "no" -> f.booleanNode(false);
                    default -> throw new IllegalArgumentException(name + " must be true or false (on or off), not '"
                            + t + "'");
                };
                case PARTS -> {
                    ArrayNode a = f.arrayNode();
                    if (!t.isEmpty() && !t.equalsIgnoreCase("none")) {
                        for (String x : t.split("[,\\s]+")) {
                            if (!x.isBlank()) {
                                a.add(Part.parse(x).id());
                            }
                        }
                    }
                    yield a;
                }
                case PART -> f.textNode(Part.parse(t).id());
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be " + (p.kind() == Kind.INTEGER ? "a whole number" : "a number")
                    + (p.range().isEmpty() ? "" : " " + p.range()) + (p.nullable() ? " or " + p.reset() : "")
                    + ", not '" + t + "'");
        }
    }

    private static String title(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}

package org.hitlmidi.control;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hitlmidi.music.Part;

/**
 * What a `params` request sets: parameters of {@link Params} (the one list of their names) with their values, in the
 * types docs/protocol.md gives them. A value may be null where the protocol gives null a meaning (exploration: the
 * learner's own; swing, humanize, program_bass: the style's; density, register: the composer's choice; solo: every
 * part), and then null is sent. Immutable: every setter returns a new set. Encoded as the `set` object.
 */
public final class ParamSet {
    private static final ParamSet NONE = new ParamSet(new LinkedHashMap<>());

    private final LinkedHashMap<String, Object> values;

    private ParamSet(LinkedHashMap<String, Object> values) {
        this.values = values;
    }

    /** Nothing set: a `params` request with it shows the parameters. */
    public static ParamSet none() {
        return NONE;
    }

    private ParamSet with(String name, Object v) {
        if (Params.get(name).isEmpty()) {
            throw new IllegalArgumentException("unknown parameter '" + name + "'; known: "
                    + new java.util.TreeSet<>(Params.names()));
        }
        LinkedHashMap<String, Object> m = new LinkedHashMap<>(values);
        m.remove(name); // set again: it moves to the end, as sent
        m.put(name, v);
        return new ParamSet(m);
    }

    public ParamSet base(String note) {
        return with("base", note);
    }

    public ParamSet scale(String scale) {
        return with("scale", scale);
    }

    public ParamSet length(int notes) {
        return with("length", notes);
    }

    public ParamSet tempo(double bpm) {
        return with("tempo", bpm);
    }

    public ParamSet channel(int channel) {
        return with("channel", channel);
    }

    public ParamSet program(int program) {
        return with("program", program);
    }

    /** A kit preset by name. */
    public ParamSet kit(String name) {
        return with("kit", name);
    }

    /** A fixed exploration rate 0..1, or null for the learner preset's own. */
    public ParamSet exploration(Double epsilon) {
        return with("exploration", epsilon);
    }

    public ParamSet loop(boolean loop) {
        return with("loop", loop);
    }

    /** A style preset by name, or "next" / "previous". */
    public ParamSet style(String name) {
        return with("style", name);
    }

    public ParamSet bars(int bars) {
        return with("bars", bars);
    }

    public ParamSet meter(String meter) {
        return with("meter", meter);
    }

    /** The parts muted (none: all heard). */
    public ParamSet mute(Collection<Part> parts) {
        return with("mute", parts.stream().sorted().map(Part::id).toList());
    }

    /** Only this part heard; null: every part again. */
    public ParamSet solo(Part part) {
        return with("solo", part == null ? null : part.id());
    }

    /** 0..1, or null for the style's. */
    public ParamSet swing(Double swing) {
        return with("swing", swing);
    }

    /** 0..1, or null for the style's. */
    public ParamSet humanize(Double humanize) {
        return with("humanize", humanize);
    }

    /** 0..3, or null for the composer's choice. */
    public ParamSet density(Integer density) {
        return with("density", density);
    }

    /** -1, 0, 1, or null for the composer's choice. */
    public ParamSet register(Integer register) {
        return with("register", register);
    }

    public ParamSet intensity(double intensity) {
        return with("intensity", intensity);
    }

    /** A part's level 0..1. */
    public ParamSet level(Part part, double level) {
        return with(Params.levelName(part), level);
    }

    /** The bass's or the chords' program 0..127, or null for the style's. */
    public ParamSet partProgram(Part part, Integer program) {
        if (!Params.PROGRAM_PARTS.contains(part)) {
            throw new IllegalArgumentException("only " + Params.PROGRAM_PARTS + " have a program of their own, not "
                    + part.id());
        }
        return with(Params.programName(part), program);
    }

    public ParamSet keyFollow(boolean on) {
        return with("keyFollow", on);
    }

    /**
     * A parameter as a person typed it (a CLI option, a panel field), read by {@link Params#value}: empty or the
     * parameter's reset word is null (its default), a number a number, and so on; the device checks the range.
     *
     * @throws IllegalArgumentException naming the parameter and what it takes
     */
    public ParamSet typed(String name, String text) {
        return with(name, Params.value(name, text));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The parameters set, by name, in the order they were set. */
    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    /** The `set` object on the wire: names to values, nulls included. */
    @JsonValue
    public Map<String, Object> wire() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamSet s && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return wire().toString();
    }
}

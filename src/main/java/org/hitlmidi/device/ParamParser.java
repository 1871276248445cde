package org.hitlmidi.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.control.Params;
import org.hitlmidi.control.Request;
import org.hitlmidi.music.Meter;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.Pitches;
import org.hitlmidi.music.Scale;
import org.hitlmidi.music.Style;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Kits;
import org.hitlmidi.preset.StyleConfig;
import org.hitlmidi.preset.PresetException;
import org.hitlmidi.preset.Presets;

/** A `params` set read against the state in force: the state it leads to, or a refusal naming the bad field. */
final class ParamParser {
    /** The names `params` takes: the one list ({@link Params}), which the CLI and the panel use too. */
    static final Set<String> PARAMS = Params.names();

    /** What a `params` set leads to, computed from the state in force (nothing changes here). */
    record Target(TrackParams params, Double exploration, boolean loop, Set<Part> muted, LiveParams live) {
    }

    private final Presets presets;

    ParamParser(Presets presets) {
        this.presets = presets;
    }

    /** Checks {@code set} and computes the state it leads to from {@code s}'s; throws (changing nothing) when a field is bad. */
    Target target(Session s, ObjectNode set) {
        TrackParams old = s.profile().params();
        TrackParams p = old;
        Double expl = s.state().exploration();
        boolean lp = s.state().loop();
        LiveParams lv = s.state().live();
        Set<Part> mute = java.util.EnumSet.noneOf(Part.class);
        mute.addAll(s.state().muted());
        Set<String> unknown = new TreeSet<>();
        set.fieldNames().forEachRemaining(f -> {
            if (!PARAMS.contains(f)) {
                unknown.add(f);
            }
        });
        if (!unknown.isEmpty()) {
            throw Request.bad("unknown parameter(s) " + unknown + "; known: " + new TreeSet<>(PARAMS));
        }
        Request r = new Request(null, "params", set);
        for (String sw : new String[] {"keyFollow", "chordFollow"}) {
            if (set.has(sw) && !set.get(sw).isBoolean()) {
                throw Request.bad(sw + " must be true or false, not " + Request.shorten(set.get(sw)));
            }
        }
        try {
            if (r.has("style")) { // the style's key, tempo, meter, bars and melody program; later fields override them
                p = p.inStyle(presets.load(StyleConfig.KIND, styleName(r.text("style"), old.style().name())).style());
            }
            if (r.has("bars")) {
                p = p.withBars(r.integer("bars", 1, Style.MAX_BARS));
            }
            if (r.has("meter")) {
                p = p.withMeter(Meter.parse(r.text("meter")));
            }
            if (set.has("mute")) {
                JsonNode m = set.get("mute");
                mute.clear();
                if (m.isTextual()) { // "bass,chords" (or "" for none), as a text field sends it
                    for (String x : m.asText().replaceAll("[\\[\\]\"]", "").split("[,\\s]+")) {
                        if (!x.isBlank()) {
                            mute.add(Part.parse(x));
                        }
                    }
                } else if (!m.isArray()) {
                    throw Request.bad("mute must be a list of parts (melody, bass, chords, drums), not " + Request.shorten(m));
                } else {
                    for (JsonNode x : m) {
                        mute.add(Part.parse(x.asText()));
                    }
                }
            }
            if (set.has("solo")) {
                JsonNode so = set.get("solo");
                if (!so.isNull()) {
                    Part only = Part.parse(so.asText());
                    mute = java.util.EnumSet.complementOf(java.util.EnumSet.of(only));
                } else {
                    mute.clear();
                }
            }
            if (r.has("base")) {
                p = p.withBaseNote(Pitches.parse(r.text("base")));
            }
            if (r.has("scale")) {
                p = p.withScale(Scale.parse(r.text("scale")));
            }
            if (r.has("length")) {
                p = p.withLength(r.integer("length", TrackParams.MIN_LENGTH, TrackParams.MAX_LENGTH));
            }
            if (r.has("tempo")) {
                JsonNode t = set.get("tempo");
                if (!t.isNumber()) {
                    throw Request.bad("tempo must be a number 20..400, not " + Request.shorten(t));
                }
                p = p.withTempo(t.doubleValue());
            }
            if (r.has("channel")) {
                p = p.withChannel(r.integer("channel", 1, 16));
            }
            if (r.has("program")) {
                p = p.withProgram(r.integer("program", 0, 127));
            }
            if (r.has("kit")) {
                p = p.withKit(Kits.load(presets, r.text("kit")));
            }
            if (set.has("exploration")) {
                JsonNode e = set.get("exploration");
                if (e.isNull()) {
                    expl = null;
                } else if (!e.isNumber() || !(e.doubleValue() >= 0 && e.doubleValue() <= 1)) {
                    throw Request.bad("exploration must be a number 0..1 or null (the learner's own), not "
                            + Request.shorten(e));
                } else {
                    expl = e.doubleValue();
                }
            }
            lp = r.bool("loop", lp);
            lv = lv.with(set);
        } catch (PresetException e) {
            throw new ControlException(e.getMessage().startsWith("no ") ? ErrorCode.NOT_FOUND : ErrorCode.BAD_VALUE,
                    e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw Request.bad(e.getMessage());
        }
        return new Target(p, expl, lp, mute, lv);
    }

    /** A style by name, or "next" / "previous" of {@code now} in the list of styles there are (wrapping round). */
    private String styleName(String asked, String now) {
        if (!asked.equals("next") && !asked.equals("previous")) {
            return asked;
        }
        List<String> names = styleNames();
        int i = names.indexOf(now);
        int step = asked.equals("next") ? 1 : -1;
        return names.get(Math.floorMod(i < 0 ? (step > 0 ? -1 : 0) + step : i + step, names.size()));
    }

    /** The styles there are, sorted (what style pads count in, and "next" steps through). */
    List<String> styleNames() {
        return presets.names("styles").stream().sorted().toList();
    }
}

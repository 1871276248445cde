package org.hitlmidi.music;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Styles as JSON (presets/styles/*.json and the store's copy of a session's parameters). Absent fields take
 * the built-in default style's values, so an older style file (key, tempo, program, kit only) still reads.
 * A wrong field is refused naming it.
 */
public final class StyleJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private StyleJson() {
    }

    public static Style fromJson(JsonNode o) {
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("a style must be a JSON object");
        }
        Style d = Style.DEFAULT;
        String name = text(o, "name", d.name());
        Scale scale = o.has("scale") ? Scale.parse(text(o, "scale", "")) : d.scale();
        int base = o.has("base") ? Pitches.parse(text(o, "base", "")) : d.base();
        JsonNode hum = o.path("humanize");
        JsonNode programs = o.path("programs");
        int[] range = pair(o, "range", d.low(), d.high());
        int[] density = pair(o, "density", d.densityMin(), d.densityMax());
        Feel feel = new Feel(number(o, "swing", d.feel().swing()), number(o, "swingUnit", d.feel().swingUnit()),
                (int) number(hum, "timing", d.feel().timingTicks()), (int) number(hum, "velocity", d.feel().velocitySpread()));
        return new Style(name, text(o, "about", ""), scale, base, number(o, "tempo", d.tempo()),
                o.has("meter") ? Meter.parse(text(o, "meter", "")) : d.meter(), (int) number(o, "bars", d.bars()),
                list(o, "progressions", d.progressions()), list(o, "grooves", d.grooves()), list(o, "bass", d.bassLines()),
                list(o, "comping", d.comping()), feel, (int) number(o, "program", d.melodyProgram()),
                (int) number(programs, "bass", d.bassProgram()), (int) number(programs, "chords", d.chordsProgram()),
                range[0], range[1], (int) number(o, "maxLeap", d.maxLeap()), bool(o, "chromatic", d.chromatic()),
                density[0], density[1], bool(o, "backbeat", d.backbeat()));
    }

    public static ObjectNode toJson(Style s) {
        ObjectNode o = F.objectNode();
        o.put("name", s.name());
        o.put("about", s.about());
        o.put("scale", s.scale().id());
        o.put("base", Pitches.name(s.base()));
        o.put("tempo", s.tempo());
        o.put("meter", s.meter().id());
        o.put("bars", s.bars());
        strings(o.putArray("progressions"), s.progressions());
        strings(o.putArray("grooves"), s.grooves());
        strings(o.putArray("bass"), s.bassLines());
        strings(o.putArray("comping"), s.comping());
        o.put("swing", s.feel().swing());
        o.put("swingUnit", s.feel().swingUnit());
        o.putObject("humanize").put("timing", s.feel().timingTicks()).put("velocity", s.feel().velocitySpread());
        o.put("program", s.melodyProgram());
        o.putObject("programs").put("bass", s.bassProgram()).put("chords", s.chordsProgram());
        o.putArray("range").add(s.low()).add(s.high());
        o.put("maxLeap", s.maxLeap());
        o.put("chromatic", s.chromatic());
        o.putArray("density").add(s.densityMin()).add(s.densityMax());
        o.put("backbeat", s.backbeat());
        return o;
    }

    private static void strings(ArrayNode a, List<String> xs) {
        xs.forEach(a::add);
    }

    private static String text(JsonNode o, String f, String dflt) {
        JsonNode v = o.get(f);
        if (v == null) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field '" + f + "' must be a string, not " + v);
        }
        return v.asText();
    }

    private static double number(JsonNode o, String f, double dflt) {
        JsonNode v = o == null ? null : o.get(f);
        if (v == null || v.isMissingNode()) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("field '" + f + "' must be a number, not " + v);
        }
        return v.asDouble();
    }

    private static boolean bool(JsonNode o, String f, boolean dflt) {
        JsonNode v = o.get(f);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("field '" + f + "' must be true or false, not " + v);
        }
        return v.asBoolean();
    }

    private static int[] pair(JsonNode o, String f, int a, int b) {
        JsonNode v = o.get(f);
        if (v == null) {
            return new int[] {a, b};
        }
        if (!v.isArray() || v.size() != 2 || !v.get(0).isIntegralNumber() || !v.get(1).isIntegralNumber()) {
            throw new IllegalArgumentException("field '" + f + "' must be [low, high] whole numbers, not " + v);
        }
        return new int[] {v.get(0).asInt(), v.get(1).asInt()};
    }

    private static List<String> list(JsonNode o, String f, List<String> dflt) {
        JsonNode v = o.get(f);
        if (v == null) {
            return dflt;
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException("field '" + f + "' must be a list of strings, not " + v);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode x : v) {
            if (!x.isTextual()) {
                throw new IllegalArgumentException("field '" + f + "' must be a list of strings, not " + v);
            }
            out.add(x.asText());
        }
        return out;
    }
}

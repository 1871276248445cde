package org.hitlmidi.music;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Tracks and parameters as compact JSON, for the store and the control protocol:
 * {"tempo":90,"melody":[[60,0.5,100],...],"percussion":[[0.0,38,80],...]}.
 */
public final class TrackJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private TrackJson() {
    }

    public static ObjectNode toJson(Track t) {
        ObjectNode o = F.objectNode();
        o.put("tempo", t.tempo());
        ArrayNode m = o.putArray("melody");
        for (Note n : t.melody()) {
            m.addArray().add(n.pitch()).add(n.duration()).add(n.velocity());
        }
        ArrayNode p = o.putArray("percussion");
        for (DrumHit h : t.percussion()) {
            p.addArray().add(h.beat()).add(h.key()).add(h.velocity());
        }
        Arrangement a = t.arrangement();
        if (a.barred()) {
            ObjectNode j = o.putObject("arrangement");
            j.put("style", a.style()).put("meter", a.meter().id()).put("bars", a.bars()).put("progression", a.progression());
            parts(j.putArray("bass"), a.bass());
            parts(j.putArray("chords"), a.chords());
            j.putArray("programs").add(a.bassProgram()).add(a.chordsProgram());
            Feel f = a.feel();
            j.putArray("feel").add(f.swing()).add(f.swingUnit()).add(f.timingTicks()).add(f.velocitySpread());
            Sketch s = a.sketch();
            if (s != null) {
                j.putArray("sketch").add(s.progression()).add(s.groove()).add(s.bassLine()).add(s.comping()).add(s.density())
                        .add(s.register()).add(s.contour()).add(s.motif()).add(s.rhythm()).add(s.form()).add(s.parts()).add(s.drums());
            }
            ArrayNode muted = j.putArray("muted");
            a.muted().stream().sorted().forEach(x -> muted.add(x.id()));
        }
        return o;
    }

    private static void parts(ArrayNode out, List<PartNote> notes) {
        for (PartNote n : notes) {
            out.addArray().add(n.start()).add(n.pitch()).add(n.duration()).add(n.velocity());
        }
    }

    private static List<PartNote> parts(JsonNode a, String field) {
        List<PartNote> out = new ArrayList<>();
        for (JsonNode n : array(a, field)) {
            if (!n.isArray() || n.size() != 4) {
                throw new IllegalArgumentException("a " + field + " note must be [start, pitch, duration, velocity], not " + n);
            }
            out.add(new PartNote(number(n.get(0)), integer(n.get(1)), number(n.get(2)), integer(n.get(3))));
        }
        return out;
    }

    private static Arrangement arrangement(JsonNode j) {
        if (j == null) {
            return Arrangement.NONE;
        }
        if (!j.isObject()) {
            throw new IllegalArgumentException("'arrangement' must be a JSON object");
        }
        JsonNode pr = array(j, "programs");
        JsonNode f = array(j, "feel");
        Sketch sketch = null;
        if (j.has("sketch")) {
            JsonNode s = array(j, "sketch");
            if (s.size() != 12) {
                throw new IllegalArgumentException("'sketch' must hold 12 numbers, not " + s);
            }
            sketch = new Sketch(integer(s.get(0)), integer(s.get(1)), integer(s.get(2)), integer(s.get(3)), integer(s.get(4)),
                    integer(s.get(5)), integer(s.get(6)), s.get(7).asLong(), s.get(8).asLong(), integer(s.get(9)),
                    integer(s.get(10)), integer(s.get(11)));
        }
        java.util.Set<Part> muted = java.util.EnumSet.noneOf(Part.class);
        for (JsonNode m : array(j, "muted")) {
            muted.add(Part.parse(m.asText()));
        }
        return new Arrangement(j.path("style").asText(""), Meter.parse(j.path("meter").asText("4/4")), integer(j.get("bars")),
                j.path("progression").asText(""), parts(j, "bass"), parts(j, "chords"), integer(pr.get(0)), integer(pr.get(1)),
                new Feel(number(f.get(0)), number(f.get(1)), integer(f.get(2)), integer(f.get(3))), sketch, muted);
    }

    public static String toText(Track t) {
        return toJson(t).toString();
    }

    /** @throws IllegalArgumentException naming what is wrong */
    public static Track fromJson(JsonNode o) {
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("a track must be a JSON object with tempo, melody and percussion");
        }
        List<Note> melody = new ArrayList<>();
        for (JsonNode n : array(o, "melody")) {
            if (!n.isArray() || n.size() != 3) {
                throw new IllegalArgumentException("a melody note must be [pitch, duration, velocity], not " + n);
            }
            melody.add(new Note(integer(n.get(0)), number(n.get(1)), integer(n.get(2))));
        }
        List<DrumHit> drums = new ArrayList<>();
        for (JsonNode h : array(o, "percussion")) {
            if (!h.isArray() || h.size() != 3) {
                throw new IllegalArgumentException("a drum hit must be [beat, key, velocity], not " + h);
            }
            drums.add(new DrumHit(number(h.get(0)), integer(h.get(1)), integer(h.get(2))));
        }
        JsonNode tempo = o.get("tempo");
        if (tempo == null || !tempo.isNumber()) {
            throw new IllegalArgumentException("a track needs a numeric tempo");
        }
        return new Track(melody, drums, tempo.asDouble(), arrangement(o.get("arrangement")));
    }

    public static Track fromText(String s) {
        try {
            return fromJson(JSON.readTree(s));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("track is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static ObjectNode toJson(TrackParams p) {
        ObjectNode o = F.objectNode();
        o.put("base", Pitches.name(p.baseNote()));
        o.put("scale", p.scale().id());
        o.put("length", p.length());
        o.put("tempo", p.tempo());
        o.put("channel", p.channel());
        o.put("program", p.program());
        ObjectNode kit = o.putObject("kit");
        kit.put("name", p.kit().name());
        ArrayNode keys = kit.putArray("keys");
        p.kit().keys().forEach(keys::add);
        o.set("style", StyleJson.toJson(p.style()));
        o.put("meter", p.meter().id());
        o.put("bars", p.bars());
        return o;
    }

    /** Reads parameters; absent fields take the defaults. */
    public static TrackParams paramsFromJson(JsonNode o) {
        TrackParams d = TrackParams.defaults();
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("parameters must be a JSON object");
        }
        DrumKit kit = d.kit();
        if (o.has("kit")) {
            JsonNode k = o.get("kit");
            List<Integer> keys = new ArrayList<>();
            for (JsonNode e : array(k, "keys")) {
                keys.add(integer(e));
            }
            kit = new DrumKit(k.path("name").asText("custom"), keys);
        }
        return new TrackParams(
                o.has("base") ? Pitches.parse(o.get("base").asText()) : d.baseNote(),
                o.has("scale") ? Scale.parse(o.get("scale").asText()) : d.scale(),
                o.has("length") ? integer(o.get("length")) : d.length(),
                o.has("tempo") ? number(o.get("tempo")) : d.tempo(),
                o.has("channel") ? integer(o.get("channel")) : d.channel(),
                o.has("program") ? integer(o.get("program")) : d.program(),
                kit,
                o.has("style") ? StyleJson.fromJson(o.get("style")) : d.style(),
                o.has("meter") ? Meter.parse(o.get("meter").asText()) : d.meter(),
                o.has("bars") ? integer(o.get("bars")) : d.bars());
    }

    public static TrackParams paramsFromText(String s) {
        try {
            return paramsFromJson(JSON.readTree(s));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("parameters are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode array(JsonNode o, String field) {
        JsonNode a = o == null ? null : o.get(field);
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be a JSON array");
        }
        return a;
    }

    private static int integer(JsonNode n) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException("expected a whole number, found " + n);
        }
        return n.asInt();
    }

    private static double number(JsonNode n) {
        if (n == null || !n.isNumber()) {
            throw new IllegalArgumentException("expected a number, found " + n);
        }
        return n.asDouble();
    }
}

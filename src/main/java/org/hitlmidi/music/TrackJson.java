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
        return o;
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
        return new Track(melody, drums, tempo.asDouble());
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
                kit);
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

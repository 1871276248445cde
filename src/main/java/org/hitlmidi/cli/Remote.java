package org.hitlmidi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.music.Pitches;

/** The CLI side of the control protocol: one connection per command, replies printed for people. */
final class Remote {
    private Remote() {
    }

    static ObjectNode call(Main main, String cmd, ObjectNode fields) throws IOException {
        try (ControlClient c = ControlClient.connect(main.socket())) {
            return c.call(cmd, fields);
        }
    }

    static ObjectNode call(Main main, org.hitlmidi.control.DeviceRequest request) throws IOException {
        try (org.hitlmidi.control.DeviceClient c = org.hitlmidi.control.DeviceClient.connect(main.socket())) {
            return c.call(request);
        }
    }

    static ObjectNode fields() {
        return Protocol.nodes().objectNode();
    }

    /** "track 17 (episode 3, pitch_up@2): C4 0.5, D4 1 ... | 32 drum hits, 90 BPM". */
    static String track(JsonNode t) {
        StringBuilder b = new StringBuilder("track ").append(t.path("trackId").asLong()).append(" (episode ")
                .append(t.path("episode").asInt()).append(", ").append(t.path("action").asText())
                .append(t.path("explored").asBoolean() ? ", explored" : "").append("): ");
        int i = 0;
        for (JsonNode n : t.path("melody")) {
            if (i++ > 0) {
                b.append(' ');
            }
            b.append(Pitches.name(n.get(0).asInt())).append('/').append(num(n.get(1).asDouble()));
        }
        return b.append(" | ").append(t.path("percussion").size()).append(" drum hits, ")
                .append(num(t.path("tempo").asDouble())).append(" BPM").toString();
    }

    static String params(JsonNode p) {
        // composed tracks (every learner but the paper's) are a style's bars; the paper's learners use the note
        // count and the kit, so both are said, each where it applies
        String style = p.path("style").asText("");
        String shape = style.isEmpty() || style.equals("paper")
                ? String.format(Locale.ROOT, "%d notes, kit %s", p.path("length").asInt(), p.path("kit").path("name").asText())
                : String.format(Locale.ROOT, "style %s, %d bars of %s (paper learners: %d notes, kit %s)", style,
                        p.path("bars").asInt(), p.path("meter").asText(), p.path("length").asInt(),
                        p.path("kit").path("name").asText());
        String s = String.format(Locale.ROOT, "%s %s, %s, %s BPM, channel %d, program %d, exploration %s, loop %s",
                p.path("base").asText(), p.path("scale").asText(), shape, num(p.path("tempo").asDouble()),
                p.path("channel").asInt(), p.path("program").asInt(), p.path("exploration").isNull() ? "the learner's"
                        : num(p.path("exploration").asDouble()), p.path("loop").asBoolean() ? "on" : "off");
        if (p.path("mute").isArray() && p.path("mute").size() > 0) {
            StringBuilder m = new StringBuilder();
            p.path("mute").forEach(x -> m.append(m.length() == 0 ? "" : " ").append(x.asText()));
            s += ", muted " + m;
        }
        StringBuilder live = new StringBuilder();
        for (String n : new String[] {"swing", "humanize", "density", "register", "intensity", "level_melody",
                "level_bass", "level_chords", "level_drums"}) {
            JsonNode v = p.get(n);
            boolean asComposed = v == null || v.isNull() || (n.startsWith("level_") || n.equals("intensity")) && v.asDouble() == 1;
            if (!asComposed) {
                live.append(live.length() == 0 ? "; live: " : ", ").append(n).append(' ').append(num(v.asDouble()));
            }
        }
        return s + live;
    }

    static String rating(JsonNode r) {
        StringBuilder b = new StringBuilder().append(r.path("overall").asInt());
        for (String a : new String[] {"musicality", "novelty", "coherence"}) {
            if (r.has(a)) {
                b.append(' ').append(a).append('=').append(r.get(a).asInt());
            }
        }
        r.path("parts").fields().forEachRemaining(e -> b.append(' ').append(e.getKey()).append('=')
                .append(e.getValue().asInt()));
        return b.toString();
    }

    static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    static void print(PrintWriter out, boolean json, ObjectNode reply, String human) {
        if (json) {
            reply.remove("id");
            out.println(reply.toString());
        } else {
            out.println(human);
        }
    }

    /**
     * What to send the device for a preset argument: a name as it is; a file (a path, or a name ending in .json) is
     * read here, checked, and put among the user's presets first, so the device reads only its own folders.
     */
    static String presetName(Main main, String kind, String arg) {
        return org.hitlmidi.preset.Presets.looksLikeFile(arg) ? main.presets().install(kind, java.nio.file.Path.of(arg))
                : arg;
    }
}

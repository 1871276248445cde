package org.hitlmidi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import org.hitlmidi.control.DeviceClient;
import org.hitlmidi.control.DeviceReply;
import org.hitlmidi.control.DeviceRequest;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Pitches;

/** The CLI side of the control protocol: one connection per command, replies printed for people. */
final class Remote {
    private Remote() {
    }

    /** A typed reply and the reply as the device sent it (what {@code --json} prints). */
    record Reply<R extends DeviceReply>(R typed, ObjectNode json) {
    }

    /** Sends a typed request over a connection of its own, and decodes its reply. */
    static <R extends DeviceReply> Reply<R> call(Main main, DeviceRequest<R> request) throws IOException {
        try (DeviceClient c = DeviceClient.connect(main.socket())) {
            ObjectNode json = c.callJson(request);
            return new Reply<>(c.decode(json, request.replyType()), json);
        }
    }

    /** "track 17 (episode 3, pitch_up@2): C4 0.5, D4 1 ... | 32 drum hits, 90 BPM". */
    static String track(DeviceReply.Track t) {
        StringBuilder b = new StringBuilder("track ").append(t.trackId()).append(" (episode ")
                .append(t.episode()).append(", ").append(t.action())
                .append(t.explored() ? ", explored" : "").append("): ");
        int i = 0;
        for (Note n : t.melody()) {
            if (i++ > 0) {
                b.append(' ');
            }
            b.append(Pitches.name(n.pitch())).append('/').append(num(n.duration()));
        }
        return b.append(" | ").append(t.percussion().size()).append(" drum hits, ")
                .append(num(t.tempo())).append(" BPM").toString();
    }

    static String params(DeviceReply.ParamsView p) {
        // composed tracks (every learner but the paper's) are a style's bars; the paper's learners use the note
        // count and the kit, so both are said, each where it applies
        String style = p.style() == null ? "" : p.style();
        String kit = p.kit() == null ? "" : p.kit().name();
        String shape = style.isEmpty() || style.equals("paper")
                ? String.format(Locale.ROOT, "%d notes, kit %s", p.length(), kit)
                : String.format(Locale.ROOT, "style %s, %d bars of %s (paper learners: %d notes, kit %s)", style,
                        p.bars(), p.meter(), p.length(), kit);
        String s = String.format(Locale.ROOT, "%s %s, %s, %s BPM, channel %d, program %d, exploration %s, loop %s",
                p.base(), p.scale(), shape, num(p.tempo()), p.channel(), p.program(),
                p.exploration() == null ? "the learner's" : num(p.exploration()), p.loop() ? "on" : "off");
        if (p.mute() != null && !p.mute().isEmpty()) {
            s += ", muted " + String.join(" ", p.mute());
        }
        StringBuilder live = new StringBuilder();
        var values = p.values();
        for (String n : new String[] {"swing", "humanize", "density", "register", "intensity", "level_melody",
            "level_bass", "level_chords", "level_drums"}) {
            if (!(values.get(n) instanceof Number v)) {
                continue;
            }
            boolean asComposed = (n.startsWith("level_") || n.equals("intensity")) && v.doubleValue() == 1;
            if (!asComposed) {
                live.append(live.length() == 0 ? "; live: " : ", ").append(n).append(' ').append(num(v.doubleValue()));
            }
        }
        return s + live;
    }

    static String rating(DeviceReply.RatingView r) {
        StringBuilder b = new StringBuilder().append(r.overall());
        if (r.musicality() != null) {
            b.append(" musicality=").append(r.musicality());
        }
        if (r.novelty() != null) {
            b.append(" novelty=").append(r.novelty());
        }
        if (r.coherence() != null) {
            b.append(" coherence=").append(r.coherence());
        }
        if (r.parts() != null) {
            r.parts().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        }
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
    static String presetName(Main main, org.hitlmidi.preset.PresetKind<?> kind, String arg) {
        return org.hitlmidi.preset.Presets.looksLikeFile(arg) ? main.presets().install(kind, java.nio.file.Path.of(arg))
                : arg;
    }
}

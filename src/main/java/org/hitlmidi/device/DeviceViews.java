package org.hitlmidi.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.midi.BackendStatus;
import org.hitlmidi.midi.MidiPort;
import org.hitlmidi.midi.PortOptions;
import org.hitlmidi.midi.PortState;
import org.hitlmidi.midi.Ports;
import org.hitlmidi.music.TrackJson;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.store.Profile;

/** The JSON views of the session in replies and events (docs/protocol.md): pure functions of what they show. */
final class DeviceViews {
    private DeviceViews() {
    }

    static ObjectNode body() {
        return Protocol.nodes().objectNode();
    }

    /** A `track` object: id, episode, the edit that made it, whether it was explored, and the track. */
    static ObjectNode track(Session.Current c) {
        ObjectNode o = body();
        o.put("trackId", c.trackId());
        o.put("episode", c.episode());
        o.put("action", c.transition().action().toString());
        o.put("explored", c.explored());
        var parts = o.putArray("parts"); // what a rating may rate part by part
        c.track().parts().forEach(p -> parts.add(p.id()));
        o.setAll(TrackJson.toJson(c.track()));
        return o;
    }

    static ObjectNode rating(Rating r) {
        ObjectNode o = body().put("overall", r.overall());
        r.aspects().forEach((a, v) -> o.put(a.id(), v));
        if (!r.parts().isEmpty()) {
            ObjectNode parts = o.putObject("parts");
            for (org.hitlmidi.music.Part p : org.hitlmidi.music.Part.values()) {
                r.part(p).ifPresent(v -> parts.put(p.id(), v));
            }
        }
        return o;
    }

    static ObjectNode learner(Learner l) {
        return body().put("updates", l.updates()).put("entries", l.entries());
    }

    /** The parameters in force: the track's, the exploration override (null: the learner's own) and loop. */
    static ObjectNode params(TrackParams p, Double exploration, boolean loop) {
        return params(p, exploration, loop, java.util.Set.of());
    }

    static ObjectNode params(TrackParams p, Double exploration, boolean loop, java.util.Set<org.hitlmidi.music.Part> muted) {
        ObjectNode o = TrackJson.toJson(p);
        if (exploration == null) {
            o.putNull("exploration");
        } else {
            o.put("exploration", exploration);
        }
        o.put("loop", loop);
        o.put("style", p.style().name()); // by name: the store keeps the whole style
        var m = o.putArray("mute");
        muted.stream().sorted().forEach(x -> m.add(x.id()));
        return o;
    }

    static ObjectNode profile(Profile p, Double exploration, boolean loop, long ratings) {
        ObjectNode o = body().put("profile", p.name()).put("learner", p.learner());
        o.set("params", params(p.params(), exploration, loop));
        o.put("ratings", ratings);
        return o;
    }

    static ObjectNode port(MidiPort port, PortState s) {
        return body().put("backend", port.backend()).put("name", port.name())
                .put("state", s.name().toLowerCase(Locale.ROOT)).put("dropped", port.dropped());
    }

    /** What `ports` lists: every backend with whether it can be used here and why, and the OS's MIDI devices. */
    static ObjectNode ports(PortOptions options) {
        ObjectNode o = body();
        var b = o.putArray("backends");
        for (BackendStatus s : Ports.backends(options)) {
            b.addObject().put("name", s.name()).put("available", s.available()).put("reason", s.reason());
        }
        var d = o.putArray("devices");
        Ports.devices().forEach(d::add);
        return o;
    }
}

package org.hitlmidi.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hitlmidi.Version;
import org.hitlmidi.midi.MidiPort;
import org.hitlmidi.midi.Player;

/**
 * What `status` says: the full status (read with the {@link Device}'s lock held) and the fields that need no lock,
 * as the parts that own them answer (the port, whether it plays, the controller, the clock, a pending change).
 */
final class StatusViews {
    private final MidiPort port;
    private final Player player;
    private final DeviceClock clock;
    private final ChangeQueue changes;

    StatusViews(MidiPort port, Player player, DeviceClock clock, ChangeQueue changes) {
        this.port = port;
        this.player = player;
        this.clock = clock;
        this.changes = changes;
    }

    /** The full status: the session's profile, learner, parameters ({@code params}), track and counts, and {@link #live}. */
    ObjectNode full(Session s, ObjectNode params, Controllers controllers) {
        ObjectNode o = DeviceViews.body();
        o.put("version", Version.current());
        o.put("pid", ProcessHandle.current().pid());
        o.put("profile", s.profile().name());
        o.put("learner", s.profile().learner());
        o.set("params", params);
        o.set("port", DeviceViews.port(port, port.state()));
        o.set("track", DeviceViews.track(s.current()));
        o.put("episode", s.current().episode());
        o.put("ratings", s.state().ratings());
        o.setAll(DeviceViews.learner(s.learner()));
        o.put("playing", player.isPlaying());
        o.put("undoable", s.state().undo().size());
        o.set("controller", controllers.json());
        o.put("controllerLayer", controllers.listener().layer());
        o.set("clock", clock.json());
        o.setAll(changes.json());
        return o.put("busy", false);
    }

    /** What a status needs no lock for. */
    ObjectNode live(Controllers controllers) {
        ObjectNode o = DeviceViews.body();
        o.set("port", DeviceViews.port(port, port.state()));
        o.put("playing", player.isPlaying());
        o.set("controller", controllers.json());
        o.put("controllerLayer", controllers.listener().layer());
        o.set("clock", clock.json());
        o.setAll(changes.json());
        return o;
    }
}

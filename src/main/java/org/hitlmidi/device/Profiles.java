package org.hitlmidi.device;

import static org.hitlmidi.device.DeviceViews.body;
import static org.hitlmidi.device.Session.storeCall;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.control.Request;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.midi.Player;
import org.hitlmidi.preset.PresetException;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.StoreException;

/**
 * Switching the profile and the profile's learner: all or nothing (a switch that fails leaves the device as it
 * was). Called with the {@link Device}'s lock held.
 */
final class Profiles {
    private final Session s;
    private final Playback playback;
    private final ParamChanges params;
    private final Player player;
    private final Controllers controllers;
    private final Device.Events events;

    Profiles(Session s, Playback playback, ParamChanges params, Player player, Controllers controllers,
             Device.Events events) {
        this.s = s;
        this.playback = playback;
        this.params = params;
        this.player = player;
        this.controllers = controllers;
        this.events = events;
    }

    /** Switches to another profile (created with the current parameters and learner when {@code create}). */
    ObjectNode profile(Optional<String> name, boolean create) {
        if (name.isPresent() && !name.get().equals(s.profile().name())) {
            String n;
            try {
                n = Profile.checkName(name.get());
            } catch (IllegalArgumentException e) {
                throw Request.bad(e.getMessage());
            }
            Profile p = storeCall(() -> s.store.profile(n)).orElse(null);
            if (p == null) {
                if (!create) {
                    throw new ControlException(ErrorCode.NOT_FOUND, "no profile named '" + n
                            + "'; send \"create\":true to make it");
                }
                p = storeCall(() -> s.store.createProfile(n, s.profile().learner(), s.profile().params()));
            }
            long oldSession = s.state().sessionId();
            s.load(p); // all or nothing: when it fails, the device stays on its profile
            player.stop();
            try {
                s.store.endSession(oldSession);
            } catch (StoreException e) {
                s.log.accept("cannot end the last profile's session in the store: " + e.getMessage());
            }
            controllers.held(params.paramsView());
            events.emit("profile_changed", DeviceViews.profile(s.profile(), s.state().exploration(), s.state().loop(), s.state().ratings()));
            playback.playCurrent();
        }
        ObjectNode reply = DeviceViews.profile(s.profile(), s.state().exploration(), s.state().loop(), s.state().ratings());
        var names = reply.putArray("profiles");
        storeCall(s.store::profiles).forEach(x -> names.add(x.name()));
        return reply;
    }

    /**
     * The profile's learner and the learner presets there are; with {@code name}, first switches the profile's
     * learner preset (stored), rebuilt from the profile's ratings.
     */
    ObjectNode learner(Optional<String> name) {
        if (name.isPresent()) {
            switchLearner(name.get());
        }
        ObjectNode r = body().put("learner", s.profile().learner());
        r.setAll(DeviceViews.learner(s.learner()));
        r.put("ratings", s.state().ratings());
        var names = r.putArray("available");
        s.presets.names("learners").forEach(names::add);
        return r;
    }

    private void switchLearner(String name) {
        try {
            Learners.build(s.presets.load(org.hitlmidi.learn.LearnerConfig.KIND, name), Session.edits(s.profile().params()));
        } catch (PresetException e) {
            throw new ControlException(e.getMessage().startsWith("no ") ? ErrorCode.NOT_FOUND : ErrorCode.BAD_VALUE,
                    e.getMessage(), e);
        }
        s.set(s.state().withProfile(storeCall(() -> s.store.updateProfile(s.profile().name(), name,
                s.profile().params()))));
        s.rebuildLearner();
        s.log.accept("learner of '" + s.profile().name() + "' is now " + name + " (" + s.learner().updates()
                + " ratings replayed)");
        events.emit("q_updated", DeviceViews.learner(s.learner()));
    }
}
